package dev.engram.agentapi.approval;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Renders {@link PendingApprovalException} as Letta's 409 with its structured detail. */
public class PendingApprovalMapper {

  @ServerExceptionMapper
  public Response pending(PendingApprovalException e) {
    return Response.status(409).type(MediaType.APPLICATION_JSON_TYPE).entity(e.body()).build();
  }
}
