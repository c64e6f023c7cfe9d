package dev.engram.steprunner.rest;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.engram.contracts.api.AgentSnapshot;
import dev.engram.platform.rest.ApiException;
import dev.engram.steprunner.loop.AgentMaintenance;
import dev.engram.steprunner.persistence.ConversationKey;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.ws.rs.Consumes;
import java.util.List;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * Context changes agent-api asks for outside runs; the body is the agent as agent-api knows it (step-runner
 * keeps no agent records of its own).
 */
@Path("/internal/agents/{agentId}")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@RunOnVirtualThread
public class AgentMaintenanceResource {
  private final AgentMaintenance maintenance;

  AgentMaintenanceResource(AgentMaintenance maintenance) {
    this.maintenance = maintenance;
  }

  /** The recompiled system prompt, as a JSON string. */
  @POST
  @Path("/recompile")
  public TextNode recompile(@PathParam("agentId") String agentId, AgentSnapshot agent,
      @QueryParam("update_timestamp") @DefaultValue("false") boolean updateTimestamp,
      @QueryParam("dry_run") @DefaultValue("false") boolean dryRun,
      @QueryParam("conversation_id") String conversationId) {
    return TextNode.valueOf(maintenance.recompile(checked(agentId, agent),
        new ConversationKey(agentId, conversationId), updateTimestamp, dryRun));
  }

  /** Leaves only the system message in the agent's context window. */
  @POST
  @Path("/reset-messages")
  public void resetMessages(@PathParam("agentId") String agentId, AgentSnapshot agent,
      @QueryParam("conversation_id") String conversationId) {
    maintenance.resetMessages(checked(agentId, agent), new ConversationKey(agentId, conversationId));
  }

  /** What a fork names: the new conversation and, optionally, the last message it takes over. */
  public record ForkRequest(@com.fasterxml.jackson.annotation.JsonProperty("conversation_id") String conversationId,
      @com.fasterxml.jackson.annotation.JsonProperty("message_id") String messageId) {
  }

  /** Copies a conversation's context window into a new conversation; answers the new window's message ids. */
  @POST
  @Path("/conversations/{conversationId}/fork")
  public List<String> fork(@PathParam("agentId") String agentId, @PathParam("conversationId") String conversationId,
      ForkRequest body) {
    if (body == null || body.conversationId() == null || body.conversationId().isBlank()) {
      throw ApiException.unprocessable("body: conversation_id of the new conversation is required");
    }
    if (body.conversationId().equals(new ConversationKey(agentId, conversationId).conversationId())) {
      throw ApiException.unprocessable("A conversation cannot be forked into itself.");
    }
    return maintenance.fork(new ConversationKey(agentId, conversationId),
        new ConversationKey(agentId, body.conversationId()), body.messageId());
  }

  private static AgentSnapshot checked(String agentId, AgentSnapshot agent) {
    if (agent == null || !agentId.equals(agent.id())) {
      throw ApiException.badRequest("The body must be the snapshot of agent " + agentId);
    }
    return agent;
  }
}
