package dev.engram.agentapi.rest;

import dev.engram.agentapi.agent.AgentService;
import dev.engram.agentapi.agent.AgentState;
import dev.engram.agentapi.client.MemoryClient;
import dev.engram.contracts.Ids;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** {@code GET /v1/blocks/{id}/agents}: memory-service knows which agents hold the block, agent-api their states. */
@Path("/v1/blocks/{blockId}/agents{slash: /?}")
@Produces(MediaType.APPLICATION_JSON)
@RunOnVirtualThread
public class BlockAgentsResource {
  private final AgentService agents;
  private final MemoryClient memory;

  BlockAgentsResource(AgentService agents, MemoryClient memory) {
    this.agents = agents;
    this.memory = memory;
  }

  @GET
  public List<AgentState> agents(@PathParam("blockId") String blockId, @QueryParam("before") String before,
      @QueryParam("after") String after, @QueryParam("limit") String limit, @QueryParam("order") String order,
      @QueryParam("include") List<String> include) {
    return AgentPages.of(agents, memory.agentsOfBlock(Params.id(Ids.BLOCK, blockId)), before, after, limit, order,
        include);
  }
}
