package dev.engram.agentapi.rest;

import dev.engram.agentapi.client.McpConnectionError;
import dev.engram.agentapi.mcp.McpServerService;
import dev.engram.agentapi.tool.ToolView;
import dev.engram.contracts.Ids;
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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Letta's MCP server endpoints. Secrets (auth tokens, header values, env) are accepted and never answered in clear;
 * an MCP server that cannot be reached is a 502 in Letta's {@code mcp_connection_error} shape.
 */
@Path("/v1/mcp-servers")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RunOnVirtualThread
public class McpServersResource {
  private final McpServerService servers;

  McpServersResource(McpServerService servers) {
    this.servers = servers;
  }

  /** Body of a tool run. */
  public record ToolRun(Map<String, Object> args) {
  }

  @POST
  public Map<String, Object> create(Map<String, Object> body) {
    return servers.create(body == null ? Map.of() : body);
  }

  @GET
  public List<Map<String, Object>> list() {
    return servers.list();
  }

  @GET
  @Path("/{serverId}")
  public Map<String, Object> get(@PathParam("serverId") String serverId) {
    return servers.get(id(serverId));
  }

  @PATCH
  @Path("/{serverId}")
  public Map<String, Object> update(@PathParam("serverId") String serverId, Map<String, Object> body) {
    return servers.update(id(serverId), body == null ? Map.of() : body);
  }

  @DELETE
  @Path("/{serverId}")
  public Response delete(@PathParam("serverId") String serverId) {
    servers.delete(id(serverId));
    return Response.noContent().build();
  }

  @GET
  @Path("/{serverId}/tools")
  public List<ToolView> tools(@PathParam("serverId") String serverId) {
    return servers.tools(id(serverId));
  }

  @GET
  @Path("/{serverId}/tools/{toolId}")
  public ToolView tool(@PathParam("serverId") String serverId, @PathParam("toolId") String toolId) {
    return servers.tool(id(serverId), Params.id(Ids.TOOL, toolId));
  }

  @POST
  @Path("/{serverId}/tools/{toolId}/run")
  @Consumes(MediaType.WILDCARD)
  public Map<String, Object> run(@PathParam("serverId") String serverId, @PathParam("toolId") String toolId,
      ToolRun body) {
    return servers.run(id(serverId), Params.id(Ids.TOOL, toolId), body == null ? Map.of() : body.args());
  }

  /** Re-reads the server's tools; {@code agent_id} is accepted for Letta compatibility and changes nothing. */
  @PATCH
  @Path("/{serverId}/refresh")
  @Consumes(MediaType.WILDCARD)
  public Map<String, Object> refresh(@PathParam("serverId") String serverId, @QueryParam("agent_id") String agentId) {
    if (agentId != null) {
      Params.id(Ids.AGENT, agentId);
    }
    return servers.refresh(id(serverId));
  }

  /** Letta's {@code mcp_connection_error} body (502), with the usual {@code detail} too. */
  @ServerExceptionMapper
  public Response unreachable(McpConnectionError e) {
    return McpErrors.connectionError(e.getMessage());
  }

  private static String id(String serverId) {
    return Params.id(Ids.MCP_SERVER, serverId);
  }
}
