package dev.engram.agentapi.rest;

import dev.engram.agentapi.conversation.ConversationService;
import dev.engram.agentapi.conversation.ConversationTarget;
import dev.engram.agentapi.stream.ResumeRequest;
import dev.engram.agentapi.stream.StreamService;
import dev.engram.contracts.Ids;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

/**
 * {@code POST /v1/conversations/{id}/stream}: resumes the stream of a background run of a {@code conv-…}
 * conversation or of an agent's default conversation ({@code default} with {@code agent_id} in the body, or the
 * agent id), found by {@code run_id}, else by a message {@code otid} of its send, else as the conversation's newest
 * active send; then as {@code POST /v1/runs/{id}/stream}.
 */
@Path("/v1/conversations/{conversationId}/stream")
public class ConversationStreamResource {
  private final StreamService streams;
  private final ConversationService conversations;

  ConversationStreamResource(StreamService streams, ConversationService conversations) {
    this.streams = streams;
    this.conversations = conversations;
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.SERVER_SENT_EVENTS)
  @Blocking
  public Multi<OutboundSseEvent> resume(@PathParam("conversationId") String conversationId, ResumeRequest body,
      @Context Sse sse) {
    ConversationTarget target = conversations.target(conversationId, body == null ? null : body.agentId());
    if (body != null && body.runId() != null) {
      Params.id(Ids.RUN, body.runId());
    }
    return AgentMessageStreamResource.events(
        streams.resumeConversation(target.agentId(), target.conversationId(), body), sse);
  }
}
