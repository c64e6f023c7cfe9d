package dev.engram.toolexecutor.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.contracts.Json;
import dev.engram.contracts.api.ToolDefinition;
import dev.engram.contracts.api.ToolExecutionResult;
import dev.engram.platform.rest.ApiException;
import dev.engram.toolexecutor.execution.ToolDispatch;
import dev.engram.toolexecutor.execution.ToolInvocation;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/**
 * Runs one tool synchronously for agent-api's run endpoints ({@code POST /v1/agents/{id}/tools/{name}/run},
 * {@code POST /v1/tools/run}): the same executors and sandbox as agent tool calls, but nothing is recorded, since
 * such a run belongs to no step.
 */
@Path("/internal/tools/run")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@RunOnVirtualThread
public class ToolRunResource {
  private final ToolDispatch dispatch;

  ToolRunResource(ToolDispatch dispatch) {
    this.dispatch = dispatch;
  }

  /**
   * The body: the tool, its arguments, the agent whose secrets the call gets (optional) and extra environment
   * variables (values never logged).
   */
  public record RunRequest(String agentId, ToolDefinition tool, ObjectNode args, Map<String, String> environment) {
    @Override
    public String toString() {
      return "RunRequest[agentId=" + agentId + ", tool=" + (tool == null ? null : tool.name()) + ", environment="
          + (environment == null ? "{}" : environment.keySet()) + "]";
    }
  }

  @POST
  public ToolExecutionResult run(RunRequest request) {
    if (request == null || request.tool() == null || request.tool().name() == null) {
      throw ApiException.badRequest("tool with a name is required");
    }
    ObjectNode args = request.args() == null ? Json.MAPPER.createObjectNode() : request.args();
    return dispatch.run(new ToolInvocation(request.agentId(), null, null, request.tool(), args,
        request.environment() == null ? Map.of() : request.environment()));
  }
}
