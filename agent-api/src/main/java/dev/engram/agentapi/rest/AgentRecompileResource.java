package dev.engram.agentapi.rest;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.engram.agentapi.client.StepRunnerClient;
import dev.engram.agentapi.run.RunService;
import dev.engram.contracts.Ids;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code POST /v1/agents/{id}/recompile}: the agent's system prompt compiled from its current memory, stored in
 * place unless {@code dry_run}; the "last recompiled" time moves only with {@code update_timestamp}.
 */
@Path("/v1/agents/{agentId}/recompile")
@Produces(MediaType.APPLICATION_JSON)
@RunOnVirtualThread
public class AgentRecompileResource {
  private final RunService runs;
  private final StepRunnerClient stepRunner;

  AgentRecompileResource(RunService runs, StepRunnerClient stepRunner) {
    this.runs = runs;
    this.stepRunner = stepRunner;
  }

  @POST
  public TextNode recompile(@PathParam("agentId") String agentId, @QueryParam("update_timestamp") String updateTimestamp,
      @QueryParam("dry_run") String dryRun) {
    return recompile(runs, stepRunner, agentId, updateTimestamp, dryRun);
  }

  static TextNode recompile(RunService runs, StepRunnerClient stepRunner, String agentId,
      String updateTimestamp, String dryRun) {
    return TextNode.valueOf(stepRunner.recompile(runs.snapshot(Params.id(Ids.AGENT, agentId)),
        Params.bool("update_timestamp", updateTimestamp), Params.bool("dry_run", dryRun)));
  }

  /** Letta's deprecated spelling, {@code POST /v1/agents/{id}/system-prompt/recompile}. */
  @Path("/v1/agents/{agentId}/system-prompt/recompile")
  @Produces(MediaType.APPLICATION_JSON)
  @RunOnVirtualThread
  public static class Deprecated {
    private final RunService runs;
    private final StepRunnerClient stepRunner;

    Deprecated(RunService runs, StepRunnerClient stepRunner) {
      this.runs = runs;
      this.stepRunner = stepRunner;
    }

    @POST
    public TextNode recompile(@PathParam("agentId") String agentId,
        @QueryParam("update_timestamp") String updateTimestamp, @QueryParam("dry_run") String dryRun) {
      return AgentRecompileResource.recompile(runs, stepRunner, agentId, updateTimestamp, dryRun);
    }
  }
}
