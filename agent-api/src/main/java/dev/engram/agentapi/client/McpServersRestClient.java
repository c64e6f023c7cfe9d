package dev.engram.agentapi.client;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** tool-executor's internal MCP server API: it owns the servers' configs and secrets and talks to the servers. */
@Path("/internal/mcp-servers")
@RegisterRestClient(configKey = "tool-executor-mcp")
public interface McpServersRestClient {

  @POST
  Map<String, Object> create(Map<String, Object> request);

  @GET
  List<Map<String, Object>> list();

  @GET
  @Path("/{id}")
  Map<String, Object> get(@PathParam("id") String id);

  @PATCH
  @Path("/{id}")
  Map<String, Object> update(@PathParam("id") String id, Map<String, Object> request);

  @DELETE
  @Path("/{id}")
  void delete(@PathParam("id") String id);

  /** {@code [{name, description, input_schema}]} as the server lists them now. */
  @GET
  @Path("/{id}/tools")
  List<Map<String, Object>> tools(@PathParam("id") String id);

  /** Letta's {@code ToolExecutionResult} of one call. */
  @POST
  @Path("/{id}/tools/{name}/run")
  Map<String, Object> run(@PathParam("id") String id, @PathParam("name") String name, Map<String, Object> request);
}
