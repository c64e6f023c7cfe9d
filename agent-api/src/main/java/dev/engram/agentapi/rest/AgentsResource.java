package dev.engram.agentapi.rest;

import dev.engram.agentapi.agent.AgentQuery;
import dev.engram.agentapi.agent.AgentService;
import dev.engram.agentapi.agent.AgentState;
import dev.engram.agentapi.agent.CreateAgentRequest;
import dev.engram.agentapi.agent.Includes;
import dev.engram.agentapi.agent.UpdateAgentRequest;
import dev.engram.contracts.Ids;
import dev.engram.platform.rest.ApiException;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Objects;

/** Letta's agents endpoints. */
@Path("/v1/agents")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RunOnVirtualThread
public class AgentsResource {
  private static final int DEFAULT_LIMIT = 50;

  private final AgentService agents;

  AgentsResource(AgentService agents) {
    this.agents = agents;
  }

  /** The body of a successful delete. */
  public record Deleted(String message) {
  }

  @POST
  public AgentState create(CreateAgentRequest body) {
    if (body == null) {
      throw ApiException.unprocessable("body: Field required");
    }
    return agents.create(body);
  }

  @GET
  public List<AgentState> list(@QueryParam("name") String name, @QueryParam("tags") List<String> tags,
      @QueryParam("match_all_tags") String matchAllTags, @QueryParam("query_text") String queryText,
      @QueryParam("before") String before, @QueryParam("after") String after, @QueryParam("limit") String limit,
      @QueryParam("order") String order, @QueryParam("include") List<String> include) {
    AgentQuery query = new AgentQuery(name, Params.list(tags), Params.bool("match_all_tags", matchAllTags),
        queryText, before, after,
        Objects.requireNonNullElse(Params.positiveInt("limit", limit), DEFAULT_LIMIT), Params.ascending(order));
    return agents.list(query, Includes.parse(Params.list(include)));
  }

  @GET
  @Path("/{agentId}")
  public AgentState get(@PathParam("agentId") String agentId, @QueryParam("include") List<String> include) {
    return agents.get(Params.id(Ids.AGENT, agentId), Includes.parse(Params.list(include)));
  }

  @PATCH
  @Path("/{agentId}")
  public AgentState update(@PathParam("agentId") String agentId, UpdateAgentRequest body) {
    Params.id(Ids.AGENT, agentId);
    if (body == null) {
      throw ApiException.unprocessable("body: Field required");
    }
    return agents.update(agentId, body);
  }

  @DELETE
  @Path("/{agentId}")
  public Deleted delete(@PathParam("agentId") String agentId) {
    agents.delete(Params.id(Ids.AGENT, agentId));
    return new Deleted("Agent id=" + agentId + " successfully deleted");
  }
}
