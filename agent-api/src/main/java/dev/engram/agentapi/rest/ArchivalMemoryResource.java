package dev.engram.agentapi.rest;

import dev.engram.agentapi.agent.AgentService;
import dev.engram.agentapi.client.MemoryGateway;
import dev.engram.contracts.Ids;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Map;

/** An agent's archival memory: agent-api checks the agent exists, memory-service serves the passages. */
@Path("/v1/agents/{agentId}/archival-memory{rest: (/.*)?}")
@RunOnVirtualThread
public class ArchivalMemoryResource {
  /** Read by memory-service's archival resource; its name is part of the internal contract. */
  static final String AGENT_EMBEDDING_HEADER = "X-Engram-Agent-Embedding";

  private final MemoryGateway gateway;
  private final AgentService agents;

  ArchivalMemoryResource(MemoryGateway gateway, AgentService agents) {
    this.gateway = gateway;
    this.agents = agents;
  }

  @GET
  public Response get(@PathParam("agentId") String agentId, @Context Request request, @Context UriInfo uri) {
    return forward(agentId, request, uri, null);
  }

  /** An insert may create the agent's default archive: memory-service embeds it with the agent's model. */
  @POST
  public Response post(@PathParam("agentId") String agentId, @Context Request request, @Context UriInfo uri,
      byte[] body) {
    String embedding = agents.embeddingOf(Params.id(Ids.AGENT, agentId));
    return gateway.forward(request, uri, body,
        embedding == null ? Map.of() : Map.of(AGENT_EMBEDDING_HEADER, embedding));
  }

  @DELETE
  public Response delete(@PathParam("agentId") String agentId, @Context Request request, @Context UriInfo uri) {
    return forward(agentId, request, uri, null);
  }

  private Response forward(String agentId, Request request, UriInfo uri, byte[] body) {
    agents.requireExists(Params.id(Ids.AGENT, agentId));
    return gateway.forward(request, uri, body);
  }
}
