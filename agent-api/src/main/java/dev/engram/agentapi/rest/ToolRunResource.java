package dev.engram.agentapi.rest;

import dev.engram.agentapi.tool.ToolRunFromSource;
import dev.engram.agentapi.tool.ToolRuns;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code POST /v1/tools/run}: runs a Python function from source, as a tool author tries one out. */
@Path("/v1/tools/run")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RunOnVirtualThread
public class ToolRunResource {
  private final ToolRuns runs;

  ToolRunResource(ToolRuns runs) {
    this.runs = runs;
  }

  @POST
  public ToolRuns.RunReturnMessage run(ToolRunFromSource body) {
    return runs.runFromSource(body);
  }
}
