package dev.engram.agentapi.rest;

import dev.engram.agentapi.client.MemoryGateway;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * The Letta endpoints whose resources memory-service owns and that need nothing agent-api knows: global
 * blocks, archives, passage and message search. They are forwarded unchanged.
 */
@Path("/v1")
@RunOnVirtualThread
public class MemoryGatewayResource {
  private final MemoryGateway gateway;

  MemoryGatewayResource(MemoryGateway gateway) {
    this.gateway = gateway;
  }

  @GET
  @Path("/blocks{rest: (/.*)?}")
  public Response blocksGet(@Context Request request, @Context UriInfo uri) {
    return forward(request, uri, null);
  }

  @POST
  @Path("/blocks{rest: (/.*)?}")
  public Response blocksPost(@Context Request request, @Context UriInfo uri, byte[] body) {
    return forward(request, uri, body);
  }

  @PATCH
  @Path("/blocks{rest: (/.*)?}")
  public Response blocksPatch(@Context Request request, @Context UriInfo uri, byte[] body) {
    return forward(request, uri, body);
  }

  @DELETE
  @Path("/blocks{rest: (/.*)?}")
  public Response blocksDelete(@Context Request request, @Context UriInfo uri) {
    return forward(request, uri, null);
  }

  @GET
  @Path("/archives{rest: (/.*)?}")
  public Response archivesGet(@Context Request request, @Context UriInfo uri) {
    return forward(request, uri, null);
  }

  @POST
  @Path("/archives{rest: (/.*)?}")
  public Response archivesPost(@Context Request request, @Context UriInfo uri, byte[] body) {
    return forward(request, uri, body);
  }

  @PATCH
  @Path("/archives{rest: (/.*)?}")
  public Response archivesPatch(@Context Request request, @Context UriInfo uri, byte[] body) {
    return forward(request, uri, body);
  }

  @PUT
  @Path("/archives{rest: (/.*)?}")
  public Response archivesPut(@Context Request request, @Context UriInfo uri, byte[] body) {
    return forward(request, uri, body);
  }

  @DELETE
  @Path("/archives{rest: (/.*)?}")
  public Response archivesDelete(@Context Request request, @Context UriInfo uri) {
    return forward(request, uri, null);
  }

  @POST
  @Path("/passages/search{slash: /?}")
  public Response passagesSearch(@Context Request request, @Context UriInfo uri, byte[] body) {
    return forward(request, uri, body);
  }

  @POST
  @Path("/messages/search{slash: /?}")
  public Response messagesSearch(@Context Request request, @Context UriInfo uri, byte[] body) {
    return forward(request, uri, body);
  }

  private Response forward(Request request, UriInfo uri, byte[] body) {
    return gateway.forward(request, uri, body);
  }
}
