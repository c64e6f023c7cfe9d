package dev.engram.agentapi.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.agentapi.conversation.ConversationService;
import dev.engram.agentapi.conversation.ConversationTarget;
import dev.engram.agentapi.message.MessageService;
import dev.engram.agentapi.message.SendMessageRequest;
import dev.engram.agentapi.message.SendResult;
import dev.engram.agentapi.stream.StreamService;
import dev.engram.contracts.Ids;
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

/** Sending messages to an agent (synchronously, or streamed with {@code streaming: true}) and listing its history (kept by step-runner). */
@Path("/v1/agents/{agentId}/messages")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RunOnVirtualThread
public class AgentMessagesResource {
  private final MessageService messages;
  private final MessageListing listing;
  private final StreamService streams;
  private final ConversationService conversations;

  AgentMessagesResource(MessageService messages, MessageListing listing, StreamService streams,
      ConversationService conversations) {
    this.conversations = conversations;
    this.streams = streams;
    this.messages = messages;
    this.listing = listing;
  }

  @POST
  @Produces({MediaType.APPLICATION_JSON, MediaType.SERVER_SENT_EVENTS})
  public Response send(@PathParam("agentId") String agentId, SendMessageRequest body) {
    Params.id(Ids.AGENT, agentId);
    if (body == null) {
      throw ApiException.unprocessable("body: Field required");
    }
    return send(agentId, null, body, Boolean.TRUE.equals(body.streaming()), streams, messages);
  }

  /**
   * A send to the agent's conversation {@code conversationId} (null: its default one) answered as SSE
   * ({@code streamed}) or as a LettaResponse; shared with the conversations send.
   */
  static Response send(String agentId, String conversationId, SendMessageRequest body, boolean streamed,
      StreamService streams, MessageService messages) {
    if (streamed) {
      return Response.ok(new SseOutput(streams.send(agentId, conversationId, body)))
          .type(MediaType.SERVER_SENT_EVENTS_TYPE).build();
    }
    SendResult result = messages.send(agentId, conversationId, body);
    return Response.status(result.status()).type(MediaType.APPLICATION_JSON_TYPE).entity(result.body()).build();
  }

  /**
   * A page of the agent's history: {@code conversation_id} absent means all of the agent's messages, {@code default}
   * (or the agent's own id) its default conversation's, a {@code conv-…} id (of this agent) that conversation's.
   */
  @GET
  public JsonNode list(@PathParam("agentId") String agentId, @QueryParam("conversation_id") String conversationId,
      @QueryParam("before") String before, @QueryParam("after") String after, @QueryParam("limit") String limit,
      @QueryParam("order") String order, @QueryParam("include_return_message_types") List<String> types) {
    Params.id(Ids.AGENT, agentId);
    String scope = null;
    if (conversationId != null && !conversationId.isBlank()) {
      ConversationTarget target = ConversationTarget.DEFAULT.equals(conversationId)
          ? ConversationTarget.defaultOf(agentId) : conversations.target(conversationId, null);
      if (!target.agentId().equals(agentId)) {
        throw ApiException.notFound("Conversation '" + conversationId + "' not found for agent " + agentId);
      }
      scope = target.stepRunnerId();
    }
    return listing.page(agentId, scope, before, after, limit, order, types);
  }
}
