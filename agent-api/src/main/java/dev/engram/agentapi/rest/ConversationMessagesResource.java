package dev.engram.agentapi.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.agentapi.conversation.ConversationService;
import dev.engram.agentapi.conversation.ConversationTarget;
import dev.engram.agentapi.message.MessageService;
import dev.engram.agentapi.message.SendMessageRequest;
import dev.engram.agentapi.stream.StreamService;
import dev.engram.platform.rest.ApiException;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * {@code POST} and {@code GET /v1/conversations/{id}/messages}: a {@code conv-…} conversation, or an agent's default
 * conversation, named {@code default} with the agent id in {@code agent_id} (body for the send, query for the
 * listing) or (Letta's deprecated form) by the agent id itself. A send is the agent send of
 * {@code POST /v1/agents/{id}/messages} in that conversation, except that {@code streaming} defaults to true here,
 * as in Letta; the listing is that conversation's history.
 */
@Path("/v1/conversations/{conversationId}/messages")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RunOnVirtualThread
public class ConversationMessagesResource {
  private final MessageService messages;
  private final MessageListing listing;
  private final StreamService streams;
  private final ConversationService conversations;

  ConversationMessagesResource(MessageService messages, MessageListing listing, StreamService streams,
      ConversationService conversations) {
    this.messages = messages;
    this.listing = listing;
    this.streams = streams;
    this.conversations = conversations;
  }

  @POST
  @Produces({MediaType.SERVER_SENT_EVENTS, MediaType.APPLICATION_JSON})
  public Response send(@PathParam("conversationId") String conversationId, SendMessageRequest body) {
    if (body == null) {
      conversations.target(conversationId, null);
      throw ApiException.unprocessable("body: Field required");
    }
    ConversationTarget target = conversations.requireTarget(conversationId, body.agentId());
    return AgentMessagesResource.send(target.agentId(), target.conversationId(), body,
        !Boolean.FALSE.equals(body.streaming()), streams, messages);
  }

  @GET
  public JsonNode list(@PathParam("conversationId") String conversationId, @QueryParam("agent_id") String agentId,
      @QueryParam("before") String before, @QueryParam("after") String after, @QueryParam("limit") String limit,
      @QueryParam("order") String order, @QueryParam("include_return_message_types") List<String> types) {
    ConversationTarget target = conversations.requireTarget(conversationId, agentId);
    return listing.page(target.agentId(), target.stepRunnerId(), before, after, limit, order, types);
  }
}
