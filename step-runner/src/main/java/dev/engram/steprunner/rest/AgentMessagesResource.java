package dev.engram.steprunner.rest;

import dev.engram.contracts.message.LettaMessage;
import dev.engram.platform.rest.ApiException;
import dev.engram.steprunner.message.LettaMessages;
import dev.engram.steprunner.persistence.MessageRepository;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** An agent's message history (of one conversation, or all), paged as Letta pages it, for agent-api. */
@Path("/internal/agents/{agentId}/messages")
@Produces(MediaType.APPLICATION_JSON)
@RunOnVirtualThread
public class AgentMessagesResource {
  private final MessageRepository messages;

  AgentMessagesResource(MessageRepository messages) {
    this.messages = messages;
  }

  @GET
  public List<LettaMessage> list(@PathParam("agentId") String agentId, @QueryParam("before") String before,
      @QueryParam("after") String after, @QueryParam("limit") @DefaultValue("100") int limit,
      @QueryParam("order") @DefaultValue("desc") String order,
      @QueryParam("conversation_id") String conversationId) {
    PageParams.check(limit, order);
    Long beforeSeq = cursor(agentId, before);
    Long afterSeq = cursor(agentId, after);
    // No conversation: the agent's messages of every conversation, as Letta lists them without the filter.
    String conversation = conversationId == null || conversationId.isBlank() ? null : conversationId;
    return LettaMessages.of(messages.page(agentId, conversation, beforeSeq, afterSeq, limit, order.equals("desc")));
  }

  private Long cursor(String agentId, String messageId) {
    if (PageParams.cursor(messageId) == null) {
      return null;
    }
    return messages.seqOf(agentId, messageId)
        .orElseThrow(() -> ApiException.notFound("Message " + messageId + " not found for agent " + agentId));
  }
}
