package dev.engram.agentapi.rest;

import dev.engram.agentapi.client.MemoryGateway;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** {@code POST /v1/agents/messages/search}: searching messages of agents, served by memory-service's recall index. */
@Path("/v1/agents/messages/search{slash: /?}")
@RunOnVirtualThread
public class AgentMessageSearchResource {
  private final MemoryGateway gateway;

  AgentMessageSearchResource(MemoryGateway gateway) {
    this.gateway = gateway;
  }

  @POST
  public Response search(@Context Request request, @Context UriInfo uri, byte[] body) {
    return gateway.forward(request, uri, body);
  }
}
