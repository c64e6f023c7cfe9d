package dev.engram.agentapi.rest;

import dev.engram.agentapi.tool.ToolQuery;
import dev.engram.agentapi.tool.ToolRegistry;
import dev.engram.agentapi.tool.ToolView;
import dev.engram.contracts.Ids;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Objects;

/** Letta's tools endpoints (read-only in this version). */
@Path("/v1/tools")
@Produces(MediaType.APPLICATION_JSON)
@RunOnVirtualThread
public class ToolsResource {
  private static final int DEFAULT_LIMIT = 50;

  private final ToolRegistry tools;

  ToolsResource(ToolRegistry tools) {
    this.tools = tools;
  }

  @GET
  public List<ToolView> list(@QueryParam("name") String name, @QueryParam("names") List<String> names,
      @QueryParam("tool_types") List<String> toolTypes, @QueryParam("search") String search,
      @QueryParam("before") String before, @QueryParam("after") String after, @QueryParam("limit") String limit,
      @QueryParam("order") String order) {
    return tools.list(new ToolQuery(name, Params.list(names), Params.list(toolTypes), search, before, after,
        Objects.requireNonNullElse(Params.positiveInt("limit", limit), DEFAULT_LIMIT), Params.ascending(order)));
  }

  @GET
  @Path("/{toolId}")
  public ToolView get(@PathParam("toolId") String toolId) {
    return tools.get(Params.id(Ids.TOOL, toolId));
  }
}
