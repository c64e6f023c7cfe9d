package dev.engram.agentapi.rest;

import dev.engram.agentapi.client.DownstreamException;
import dev.engram.platform.rest.ErrorMappers;
import io.quarkus.logging.Log;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Maps failures of the services agent-api depends on to Letta's error body. */
public class AgentApiErrorMappers {

  @ServerExceptionMapper
  public Response downstream(DownstreamException e) {
    Log.warnf("Backing service call failed: %s", e.getMessage());
    return ErrorMappers.body(e.status(), e.getMessage());
  }

  @ServerExceptionMapper
  public Response timeout(TimeoutException e) {
    Log.warnf("Backing service call timed out: %s", e.getMessage());
    return ErrorMappers.body(504, "A backing service did not answer in time; try again");
  }

  @ServerExceptionMapper
  public Response circuitOpen(CircuitBreakerOpenException e) {
    return ErrorMappers.body(503, "A backing service is unavailable; try again shortly");
  }
}
