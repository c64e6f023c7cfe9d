package dev.engram.toolexecutor.mcp;

import dev.engram.contracts.api.ToolExecutionResult;
import dev.engram.platform.rest.McpErrors;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Internal MCP server API that agent-api forwards {@code /v1/mcp-servers} to. Secrets go in, never out (masked);
 * an unreachable server is a 502 in Letta's {@code mcp_connection_error} shape.
 */
@Path("/internal/mcp-servers")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@RunOnVirtualThread
public class McpServerResource {
  private final McpServerService servers;
  private final McpToolExecutor tools;

  McpServerResource(McpServerService servers, McpToolExecutor tools) {
    this.servers = servers;
    this.tools = tools;
  }

  /** Body of a tool run: the tool's arguments. */
  public record RunRequest(Map<String, Object> args) {
  }

  @POST
  public McpServerView create(McpServerRequest request) {
    return servers.create(request);
  }

  @GET
  public List<McpServerView> list() {
    return servers.list();
  }

  @GET
  @Path("{id}")
  public McpServerView get(@PathParam("id") String id) {
    return servers.view(id);
  }

  @PATCH
  @Path("{id}")
  public McpServerView update(@PathParam("id") String id, McpServerRequest request) {
    return servers.update(id, request);
  }

  @DELETE
  @Path("{id}")
  public Response delete(@PathParam("id") String id) {
    servers.delete(id);
    return Response.noContent().build();
  }

  /** The tools the server offers now: {@code [{name, description, input_schema}]}. */
  @GET
  @Path("{id}/tools")
  public List<McpServerService.McpToolView> tools(@PathParam("id") String id) {
    return servers.tools(id);
  }

  /** Runs one tool: Letta's {@code ToolExecutionResult} ({@code status}, {@code func_return}). */
  @POST
  @Path("{id}/tools/{name}/run")
  public Map<String, Object> run(@PathParam("id") String id, @PathParam("name") String name, RunRequest request) {
    ToolExecutionResult result = tools.run(id, name, request == null ? Map.of() : request.args());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", result.status());
    body.put("func_return", result.toolReturn());
    body.put("stdout", List.of());
    body.put("stderr", result.ok() ? List.of() : List.of(result.toolReturn()));
    return body;
  }

  /** Letta's {@code mcp_connection_error}, plus the usual {@code detail}. */
  @ServerExceptionMapper
  public Response unreachable(McpConnectionException e) {
    return McpErrors.connectionError(e.getMessage());
  }
}
