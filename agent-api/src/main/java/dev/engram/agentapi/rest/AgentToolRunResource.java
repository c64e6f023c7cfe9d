package dev.engram.agentapi.rest;

import dev.engram.agentapi.agent.AgentService;
import dev.engram.agentapi.tool.ToolRuns;
import dev.engram.contracts.Ids;
import dev.engram.platform.rest.ApiException;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/**
 * {@code POST /v1/agents/{id}/tools/{name}/run}: runs one of the agent's tools now with the given arguments and the
 * agent's secrets, outside any step (the history is not touched).
 */
@Path("/v1/agents/{agentId}/tools/{toolName}/run")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RunOnVirtualThread
public class AgentToolRunResource {
  private final AgentService agents;
  private final ToolRuns runs;

  AgentToolRunResource(AgentService agents, ToolRuns runs) {
    this.agents = agents;
    this.runs = runs;
  }

  /** The body is Letta's {@code ToolExecuteRequest}; absent means no arguments. */
  public record ToolExecuteRequest(Map<String, Object> args) {
  }

  @POST
  public ToolRuns.RunResult run(@PathParam("agentId") String agentId, @PathParam("toolName") String toolName,
      ToolExecuteRequest body) {
    agents.requireExists(Params.id(Ids.AGENT, agentId));
    Map<String, Object> args = body == null || body.args() == null ? Map.of() : body.args();
    if (toolName == null || toolName.isBlank()) {
      throw ApiException.unprocessable("tool_name: Field required");
    }
    return runs.runAttached(agentId, toolName, args);
  }
}
