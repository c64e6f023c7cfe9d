package dev.engram.toolexecutor.rest;

import dev.engram.platform.rest.ApiException;
import dev.engram.toolexecutor.execution.ToolExecutionService;
import dev.engram.toolexecutor.persistence.ToolExecution;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Operator view of the execution log: what happened to a tool call. */
@Path("/internal/tool-executions")
@Produces(MediaType.APPLICATION_JSON)
@RunOnVirtualThread
public class ToolExecutionResource {
  private final ToolExecutionService executions;

  ToolExecutionResource(ToolExecutionService executions) {
    this.executions = executions;
  }

  /** The execution of an idempotency key; keys contain a slash ({@code stepId/toolCallId}), hence the regex. */
  @GET
  @Path("{idempotencyKey: .+}")
  public ToolExecution get(@PathParam("idempotencyKey") String idempotencyKey) {
    return executions.find(idempotencyKey)
        .orElseThrow(() -> ApiException.notFound("Tool execution not found: " + idempotencyKey));
  }
}
