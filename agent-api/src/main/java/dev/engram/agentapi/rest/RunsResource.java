package dev.engram.agentapi.rest;

import dev.engram.agentapi.run.RunService;
import dev.engram.agentapi.run.RunView;
import dev.engram.contracts.Ids;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Letta's runs endpoints (read model). */
@Path("/v1/runs")
@Produces(MediaType.APPLICATION_JSON)
@RunOnVirtualThread
public class RunsResource {
  private final RunService runs;

  RunsResource(RunService runs) {
    this.runs = runs;
  }

  @GET
  @Path("/{runId}")
  public RunView get(@PathParam("runId") String runId) {
    return RunView.of(runs.get(Params.id(Ids.RUN, runId)));
  }
}
