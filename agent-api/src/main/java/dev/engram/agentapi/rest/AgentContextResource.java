package dev.engram.agentapi.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.agentapi.client.StepRunnerClient;
import dev.engram.agentapi.run.RunService;
import dev.engram.contracts.Ids;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Letta's {@code GET /v1/agents/{id}/context}: the context window overview, computed by step-runner. */
@Path("/v1/agents/{agentId}/context")
@Produces(MediaType.APPLICATION_JSON)
@RunOnVirtualThread
public class AgentContextResource {
  private final RunService runs;
  private final StepRunnerClient stepRunner;

  AgentContextResource(RunService runs, StepRunnerClient stepRunner) {
    this.runs = runs;
    this.stepRunner = stepRunner;
  }

  @GET
  public JsonNode context(@PathParam("agentId") String agentId) {
    return stepRunner.context(runs.snapshot(Params.id(Ids.AGENT, agentId)));
  }
}
