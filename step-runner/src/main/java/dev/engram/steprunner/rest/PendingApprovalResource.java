package dev.engram.steprunner.rest;

import dev.engram.contracts.message.ApprovalRequestMessage;
import dev.engram.platform.rest.ApiException;
import dev.engram.steprunner.message.LettaMessages;
import dev.engram.steprunner.persistence.ConversationKey;
import dev.engram.steprunner.persistence.MessageRepository;
import dev.engram.steprunner.persistence.PendingApprovalRepository;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The approval request an agent waits on (404 when none), for agent-api's pending-approval answers. */
@Path("/internal/agents/{agentId}/pending-approval")
@Produces(MediaType.APPLICATION_JSON)
@RunOnVirtualThread
public class PendingApprovalResource {
  private final PendingApprovalRepository pending;
  private final MessageRepository messages;

  PendingApprovalResource(PendingApprovalRepository pending, MessageRepository messages) {
    this.pending = pending;
    this.messages = messages;
  }

  @GET
  public ApprovalRequestMessage get(@PathParam("agentId") String agentId,
      @jakarta.ws.rs.QueryParam("conversation_id") String conversationId) {
    ConversationKey conversation = new ConversationKey(agentId, conversationId);
    return pending.find(conversation)
        .flatMap(p -> messages.find(agentId, p.messageId()))
        .flatMap(m -> LettaMessages.of(m).stream()
            .filter(ApprovalRequestMessage.class::isInstance).map(ApprovalRequestMessage.class::cast).findFirst())
        .orElseThrow(() -> ApiException.notFound("Agent " + agentId + " has no pending approval request in "
            + (conversation.isDefault() ? "its default conversation" : conversation.conversationId())));
  }
}
