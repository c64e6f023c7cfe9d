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
import java.util.ArrayList;
import java.util.Comparator;
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
    List<AgentState> states = new ArrayList<>();
    for (String id : memory.agentsOfBlock(Params.id(Ids.BLOCK, blockId))) {
      try {
        states.add(agents.get(id, includes));
      } catch (ApiException e) {
        // memory-service may still list an agent whose deletion is being applied; it is gone for the client.
        if (e.status() != 404) {
          throw e;
        }
      }
    }
    Comparator<AgentState> byCreation = Comparator.comparing(AgentState::createdAt).thenComparing(AgentState::id);
    states.sort(Params.ascending(order) ? byCreation : byCreation.reversed());
    return Params.page(states, AgentState::id, before, after, limit);
  }
}
