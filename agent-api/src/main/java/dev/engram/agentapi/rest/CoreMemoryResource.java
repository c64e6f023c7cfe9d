package dev.engram.agentapi.rest;

import dev.engram.agentapi.agent.AgentService;
import dev.engram.agentapi.client.MemoryClient;
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
import java.util.List;

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

  @GET
  public List<BlockView> list(@PathParam("agentId") String agentId) {
    agents.requireExists(Params.id(Ids.AGENT, agentId));
    return memory.blocks(agentId);
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
