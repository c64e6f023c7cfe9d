package dev.engram.steprunner.rest;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.engram.contracts.api.AgentSnapshot;
import dev.engram.platform.rest.ApiException;
import dev.engram.steprunner.loop.AgentMaintenance;
import dev.engram.steprunner.persistence.ConversationKey;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.ws.rs.Consumes;
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

  private static AgentSnapshot checked(String agentId, AgentSnapshot agent) {
    if (agent == null || !agentId.equals(agent.id())) {
      throw ApiException.badRequest("The body must be the snapshot of agent " + agentId);
    }
    return agent;
  }
}
