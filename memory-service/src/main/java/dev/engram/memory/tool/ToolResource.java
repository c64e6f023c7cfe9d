package dev.engram.memory.tool;

import dev.engram.contracts.api.ToolExecutionRequest;
import dev.engram.contracts.api.ToolExecutionResult;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.logging.MDC;

/** Internal endpoint through which step-runner executes memory tool calls. */
@Path("/internal/tools")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RunOnVirtualThread
public class ToolResource {
  private final ToolExecutionService executions;

  ToolResource(ToolExecutionService executions) {
    this.executions = executions;
  }

  /** Executes one tool call (or returns the result recorded for its idempotency key). */
  @POST
  @Path("/execute")
  public ToolExecutionResult execute(ToolExecutionRequest request) {
    if (request != null) {
      MDC.put("agent_id", String.valueOf(request.agentId()));
      MDC.put("run_id", String.valueOf(request.runId()));
    }
    try {
      return executions.execute(request);
    } finally {
      MDC.remove("agent_id");
      MDC.remove("run_id");
    }
  }
}
