package dev.engram.agentapi.rest;

import dev.engram.agentapi.agent.AgentService;
import dev.engram.agentapi.agent.AgentState;
import dev.engram.agentapi.agent.Includes;
import dev.engram.agentapi.tool.ToolRegistry;
import dev.engram.agentapi.tool.ToolView;
import dev.engram.contracts.Ids;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The tools attached to one agent: list, attach, detach. */
@Path("/v1/agents/{agentId}/tools")
@Produces(MediaType.APPLICATION_JSON)
@RunOnVirtualThread
public class AgentToolsResource {
  private final AgentService agents;
  private final ToolRegistry tools;

  AgentToolsResource(AgentService agents, ToolRegistry tools) {
    this.agents = agents;
    this.tools = tools;
  }

  /** The agent's tools in attachment order, paged by tool id cursors (Letta's default page is 10). */
  @GET
  public List<ToolView> list(@PathParam("agentId") String agentId, @QueryParam("before") String before,
      @QueryParam("after") String after, @QueryParam("limit") @DefaultValue("10") String limit,
      @QueryParam("order") String order) {
    agents.requireExists(Params.id(Ids.AGENT, agentId));
    List<ToolView> attached = new ArrayList<>(tools.forAgent(agentId));
    if (order != null && !Params.ascending(order)) {
      Collections.reverse(attached);
    }
    return Params.page(attached, ToolView::id, before, after, Params.positiveInt("limit", limit));
  }

  /** Attaches a tool (no-op if attached already); answers the agent's state. */
  @PATCH
  @Path("/attach/{toolId}")
  public AgentState attach(@PathParam("agentId") String agentId, @PathParam("toolId") String toolId) {
    agents.requireExists(Params.id(Ids.AGENT, agentId));
    tools.attachOne(agentId, Params.id(Ids.TOOL, toolId));
    return agents.get(agentId, Includes.ALL);
  }

  /** Detaches a tool (the tool stays in the registry); answers the agent's state. */
  @PATCH
  @Path("/detach/{toolId}")
  public AgentState detach(@PathParam("agentId") String agentId, @PathParam("toolId") String toolId) {
    agents.requireExists(Params.id(Ids.AGENT, agentId));
    tools.detachOne(agentId, Params.id(Ids.TOOL, toolId));
    return agents.get(agentId, Includes.ALL);
  }
}
