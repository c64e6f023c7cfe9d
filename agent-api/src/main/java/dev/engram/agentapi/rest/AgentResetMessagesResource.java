package dev.engram.agentapi.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.agentapi.client.StepRunnerClient;
import dev.engram.agentapi.run.RunService;
import dev.engram.contracts.Ids;
import dev.engram.contracts.api.AgentSnapshot;
import dev.engram.platform.rest.ApiException;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code PATCH /v1/agents/{id}/reset-messages}: only the system message stays in the agent's context window;
 * the history stays stored and searchable. Answers {@code null}, as Letta does for 1.0 clients.
 */
@Path("/v1/agents/{agentId}/reset-messages")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@RunOnVirtualThread
public class AgentResetMessagesResource {
  private final RunService runs;
  private final StepRunnerClient stepRunner;

  AgentResetMessagesResource(RunService runs, StepRunnerClient stepRunner) {
    this.runs = runs;
    this.stepRunner = stepRunner;
  }

  @PATCH
  public Response reset(@PathParam("agentId") String agentId, JsonNode body) {
    AgentSnapshot agent = runs.snapshot(Params.id(Ids.AGENT, agentId));
    JsonNode add = body == null ? null : body.get("add_default_initial_messages");
    if (add != null && !add.isNull() && !add.isBoolean()) {
      throw ApiException.unprocessable("add_default_initial_messages: Input should be a valid boolean");
    }
    // Agents start with their system message alone (Letta's letta_v1_agent default), so there are no
    // initial messages to add back.
    stepRunner.resetMessages(agent);
    return Response.ok("null", MediaType.APPLICATION_JSON_TYPE).build();
  }
}
