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

/** {@code GET /v1/archives/{id}/agents}: memory-service knows which agents use the archive, agent-api their states. */
@Path("/v1/archives/{archiveId}/agents{slash: /?}")
@Produces(MediaType.APPLICATION_JSON)
@RunOnVirtualThread
public class ArchiveAgentsResource {
  private final AgentService agents;
  private final MemoryClient memory;

  ArchiveAgentsResource(AgentService agents, MemoryClient memory) {
    this.agents = agents;
    this.memory = memory;
  }

  @GET
  public List<AgentState> agents(@PathParam("archiveId") String archiveId, @QueryParam("before") String before,
      @QueryParam("after") String after, @QueryParam("limit") String limit, @QueryParam("order") String order,
      @QueryParam("include") List<String> include) {
    return AgentPages.of(agents, memory.agentsOfArchive(Params.id(Ids.ARCHIVE, archiveId)), before, after, limit,
        order, include);
  }
}
