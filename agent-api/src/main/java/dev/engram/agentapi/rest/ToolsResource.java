package dev.engram.agentapi.rest;

import dev.engram.agentapi.tool.ToolCreate;
import dev.engram.agentapi.tool.ToolQuery;
import dev.engram.agentapi.tool.ToolRegistry;
import dev.engram.agentapi.tool.ToolService;
import dev.engram.agentapi.tool.ToolUpdate;
import dev.engram.agentapi.tool.ToolView;
import dev.engram.contracts.Ids;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Objects;

/** Letta's tools endpoints: the registry of built-in and custom tools. */
@Path("/v1/tools")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RunOnVirtualThread
public class ToolsResource {
  private static final int DEFAULT_LIMIT = 50;

  private final ToolRegistry tools;
  private final ToolService service;

  ToolsResource(ToolRegistry tools, ToolService service) {
    this.tools = tools;
    this.service = service;
  }

  @GET
  public List<ToolView> list(@QueryParam("name") String name, @QueryParam("names") List<String> names,
      @QueryParam("tool_types") List<String> toolTypes, @QueryParam("search") String search,
      @QueryParam("before") String before, @QueryParam("after") String after, @QueryParam("limit") String limit,
      @QueryParam("order") String order) {
    return tools.list(new ToolQuery(name, Params.list(names), Params.list(toolTypes), search, before, after,
        Objects.requireNonNullElse(Params.positiveInt("limit", limit), DEFAULT_LIMIT), Params.ascending(order)));
  }

  /** How many tools match the same filters as the listing (Letta answers a bare integer). */
  @GET
  @Path("/count")
  public int count(@QueryParam("name") String name, @QueryParam("names") List<String> names,
      @QueryParam("tool_types") List<String> toolTypes, @QueryParam("search") String search) {
    return tools.list(new ToolQuery(name, Params.list(names), Params.list(toolTypes), search, null, null,
        Integer.MAX_VALUE, true)).size();
  }

  /** A custom tool from source; its schema is derived from the source when the body has none. */
  @POST
  public ToolView create(ToolCreate body) {
    return service.create(body);
  }

  /** Creates the tool or replaces the custom tool of the same name. */
  @PUT
  public ToolView upsert(ToolCreate body) {
    return service.upsert(body);
  }

  /** Restores the built-in tools; answers them. Clients send no body, hence any content type. */
  @POST
  @Path("/add-base-tools")
  @Consumes(MediaType.WILDCARD)
  public List<ToolView> addBaseTools() {
    return service.addBaseTools();
  }

  @GET
  @Path("/{toolId}")
  public ToolView get(@PathParam("toolId") String toolId) {
    return tools.get(Params.id(Ids.TOOL, toolId));
  }

  @PATCH
  @Path("/{toolId}")
  public ToolView update(@PathParam("toolId") String toolId, ToolUpdate body) {
    return service.update(Params.id(Ids.TOOL, toolId),
        body != null ? body : new ToolUpdate(null, null, null, null, null, null, null, null, null, null, null, null));
  }

  /** Answers 204: Letta's body is an empty {@code null}. */
  @DELETE
  @Path("/{toolId}")
  public void delete(@PathParam("toolId") String toolId) {
    service.delete(Params.id(Ids.TOOL, toolId));
  }
}
