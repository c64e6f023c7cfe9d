package dev.engram.agentapi.rest;

import dev.engram.agentapi.agent.AgentService;
import dev.engram.agentapi.agent.AgentState;
import dev.engram.agentapi.agent.Includes;
import dev.engram.agentapi.client.MemoryClient;
import dev.engram.contracts.Ids;
import dev.engram.platform.rest.ApiException;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.ws.rs.DefaultValue;
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
  public List<AgentState> agents(@PathParam("blockId") String blockId,
      @QueryParam("before") String before,
      @QueryParam("after") String after,
      @QueryParam("limit") @DefaultValue("50") int limit,
      @QueryParam("order") @DefaultValue("desc") String order,
      @QueryParam("include") List<String> include) {
    if (limit < 1) {
      throw ApiException.unprocessable("limit: must be at least 1");
    }
    Includes includes = include == null || include.isEmpty() ? Includes.ALL : Includes.parse(include);
    List<AgentState> ordered = agents.ordered(memory.agentsOfBlock(Params.id(Ids.BLOCK, blockId)), includes,
        Params.ascending(order));
    return Params.page(ordered, AgentState::id, before, after, limit);
  }
}
