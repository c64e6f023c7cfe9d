package dev.engram.agentapi.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.engram.agentapi.conversation.ConversationService;
import dev.engram.agentapi.conversation.ConversationTarget;
import dev.engram.agentapi.message.CompactionResponse;
import dev.engram.agentapi.message.SummarizeRequest;
import dev.engram.agentapi.message.SummarizeService;
import dev.engram.contracts.Ids;
import dev.engram.platform.rest.ApiException;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Letta's manual compaction: {@code POST /v1/agents/{id}/summarize} (the SDK's {@code agents.messages.compact})
 * and {@code POST /v1/conversations/{id}/compact} for one conversation of the agent. The body is optional
 * (read by hand: a bodiless POST without a content type is fine).
 */
@Path("/v1/agents/{agentId}/summarize")
@Produces(MediaType.APPLICATION_JSON)
@RunOnVirtualThread
public class AgentSummarizeResource {

  private final SummarizeService summarizer;

  AgentSummarizeResource(SummarizeService summarizer) {
    this.summarizer = summarizer;
  }

  @POST
  public CompactionResponse summarize(@PathParam("agentId") String agentId, String body)
      throws JsonProcessingException {
    SummarizeRequest request = SummarizeRequest.parse(body);
    return summarizer.summarize(Params.id(Ids.AGENT, agentId), request.compactionSettings());
  }

  /**
   * {@code POST /v1/conversations/{id}/compact}: a {@code conv-…} conversation, or the agent's default one,
   * {@code default} with {@code agent_id} in the body or (Letta's deprecated form) the agent id in its place.
   */
  @Path("/v1/conversations/{conversationId}/compact")
  @Produces(MediaType.APPLICATION_JSON)
  @RunOnVirtualThread
  public static class Conversation {
    private final SummarizeService summarizer;
    private final ConversationService conversations;

    Conversation(SummarizeService summarizer, ConversationService conversations) {
      this.summarizer = summarizer;
      this.conversations = conversations;
    }

    @POST
    public CompactionResponse compact(@PathParam("conversationId") String conversationId, String raw)
        throws JsonProcessingException {
      SummarizeRequest body = SummarizeRequest.parse(raw);
      ConversationTarget target = conversations.requireTarget(conversationId, body.agentId());
      return summarizer.summarize(target.agentId(), target.conversationId(), body.compactionSettings());
    }
  }
}
