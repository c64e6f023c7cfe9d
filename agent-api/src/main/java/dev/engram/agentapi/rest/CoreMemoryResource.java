package dev.engram.agentapi.rest;

import dev.engram.agentapi.agent.AgentService;
import dev.engram.agentapi.client.MemoryClient;
import dev.engram.agentapi.agent.AgentState;
import dev.engram.agentapi.agent.Includes;
import dev.engram.contracts.Ids;
import dev.engram.contracts.api.BlockUpdate;
import dev.engram.contracts.api.BlockView;
import dev.engram.platform.rest.ApiException;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.QueryParam;

/** An agent's core memory blocks, served by memory-service once the agent is known to exist. */
@Path("/v1/agents/{agentId}/core-memory/blocks")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RunOnVirtualThread
public class CoreMemoryResource {
  private final AgentService agents;
  private final MemoryClient memory;

  CoreMemoryResource(AgentService agents, MemoryClient memory) {
    this.agents = agents;
    this.memory = memory;
  }

  /** The agent's blocks in prompt order, paged by block id cursors as the SDK's auto-pagination expects. */
  @GET
  public List<BlockView> list(@PathParam("agentId") String agentId, @QueryParam("before") String before,
      @QueryParam("after") String after, @QueryParam("limit") @DefaultValue("100") int limit,
      @QueryParam("order") String order) {
    agents.requireExists(Params.id(Ids.AGENT, agentId));
    if (limit < 1) {
      throw ApiException.unprocessable("limit: must be at least 1");
    }
    List<BlockView> blocks = new ArrayList<>(memory.blocks(agentId));
    if ("desc".equals(order)) {
      Collections.reverse(blocks);
    } else if (order != null) {
      Params.ascending(order);
    }
    return Params.page(blocks, BlockView::id, before, after, limit);
  }

  /** Attaches an existing (e.g. shared) block; answers the agent's state. */
  @PATCH
  @Path("/attach/{blockId}")
  public AgentState attach(@PathParam("agentId") String agentId, @PathParam("blockId") String blockId) {
    agents.requireExists(Params.id(Ids.AGENT, agentId));
    memory.attachExisting(agentId, Params.id(Ids.BLOCK, blockId));
    return agents.get(agentId, Includes.ALL);
  }

  /** Detaches a block from the agent (the block stays); answers the agent's state. */
  @PATCH
  @Path("/detach/{blockId}")
  public AgentState detach(@PathParam("agentId") String agentId, @PathParam("blockId") String blockId) {
    agents.requireExists(Params.id(Ids.AGENT, agentId));
    memory.detach(agentId, Params.id(Ids.BLOCK, blockId));
    return agents.get(agentId, Includes.ALL);
  }

  @GET
  @Path("/{label}")
  public BlockView get(@PathParam("agentId") String agentId, @PathParam("label") String label) {
    agents.requireExists(Params.id(Ids.AGENT, agentId));
    return memory.block(agentId, label);
  }

  @PATCH
  @Path("/{label}")
  public BlockView update(@PathParam("agentId") String agentId, @PathParam("label") String label,
      BlockUpdate body) {
    agents.requireExists(Params.id(Ids.AGENT, agentId));
    if (body == null) {
      throw ApiException.unprocessable("body: Field required");
    }
    return memory.update(agentId, label, body);
  }
}
