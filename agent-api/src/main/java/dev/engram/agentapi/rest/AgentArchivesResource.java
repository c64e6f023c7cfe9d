package dev.engram.agentapi.rest;

import dev.engram.agentapi.agent.AgentService;
import dev.engram.agentapi.client.MemoryGateway;
import dev.engram.contracts.Ids;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** Attaching an archive to an agent and detaching it: checked here for the agent, applied by memory-service. */
@Path("/v1/agents/{agentId}/archives")
@RunOnVirtualThread
public class AgentArchivesResource {
  private final MemoryGateway gateway;
  private final AgentService agents;

  AgentArchivesResource(MemoryGateway gateway, AgentService agents) {
    this.gateway = gateway;
    this.agents = agents;
  }

  @PATCH
  @Path("/attach/{archiveId}")
  public Response attach(@PathParam("agentId") String agentId, @Context Request request, @Context UriInfo uri) {
    return forward(agentId, request, uri);
  }

  @PATCH
  @Path("/detach/{archiveId}")
  public Response detach(@PathParam("agentId") String agentId, @Context Request request, @Context UriInfo uri) {
    return forward(agentId, request, uri);
  }

  private Response forward(String agentId, Request request, UriInfo uri) {
    agents.requireExists(Params.id(Ids.AGENT, agentId));
    return gateway.forward(request, uri, null);
  }
}
