package dev.engram.agentapi.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.agentapi.agent.AgentService;
import dev.engram.agentapi.agent.AgentState;
import dev.engram.agentapi.agent.Includes;
import dev.engram.agentapi.client.MemoryGateway;
import dev.engram.contracts.Json;
import dev.engram.platform.rest.ApiException;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** {@code GET /v1/archives/{id}/agents}: memory-service knows which agents use the archive, agent-api their states. */
@Path("/v1/archives/{archiveId}/agents{slash: /?}")
@Produces(MediaType.APPLICATION_JSON)
@RunOnVirtualThread
public class ArchiveAgentsResource {
  private final AgentService agents;
  private final MemoryGateway gateway;

  ArchiveAgentsResource(AgentService agents, MemoryGateway gateway) {
    this.agents = agents;
    this.gateway = gateway;
  }

  @GET
  public Response agents(@PathParam("archiveId") String archiveId,
      @QueryParam("before") String before,
      @QueryParam("after") String after,
      @QueryParam("limit") @DefaultValue("50") int limit,
      @QueryParam("order") @DefaultValue("desc") String order,
      @QueryParam("include") List<String> include) {
    if (limit < 1) {
      throw ApiException.unprocessable("limit: must be at least 1");
    }
    Response answer = gateway.forward("GET", "/v1/archives/" + archiveId + "/agents", null, null);
    if (answer.getStatus() != 200) {
      return answer;
    }
    Includes includes = include == null || include.isEmpty() ? Includes.ALL : Includes.parse(include);
    List<AgentState> ordered = agents.ordered(agentIds((byte[]) answer.getEntity()), includes, Params.ascending(order));
    return Response.ok(Params.page(ordered, AgentState::id, before, after, limit), MediaType.APPLICATION_JSON).build();
  }

  /** memory-service lists agents as ids or as objects with an {@code id}. */
  private static List<String> agentIds(byte[] body) {
    try {
      List<String> ids = new ArrayList<>();
      for (JsonNode node : Json.MAPPER.readTree(body)) {
        ids.add(node.isTextual() ? node.asText() : node.path("id").asText());
      }
      return ids;
    } catch (IOException e) {
      throw new ApiException(502, "memory-service answered an agent list that is not JSON");
    }
  }
}
