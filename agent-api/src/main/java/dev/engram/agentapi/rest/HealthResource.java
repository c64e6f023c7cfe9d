package dev.engram.agentapi.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Letta's liveness endpoint; {@code version} is the Letta API level this server implements. */
@Path("/v1/health")
@Produces(MediaType.APPLICATION_JSON)
public class HealthResource {
  /** Letta server release whose API this gateway follows (letta-code warns below 0.16.6). */
  static final String LETTA_API_VERSION = "0.16.8";

  /** The health body. */
  public record Health(String version, String status) {
  }

  @GET
  public Health health() {
    return new Health(LETTA_API_VERSION, "ok");
  }
}
