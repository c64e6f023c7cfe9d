package dev.engram.toolexecutor.client;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.Map;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** agent-api's internal API: the values of an agent's secrets. */
@Path("/internal/agents")
@RegisterRestClient(configKey = "agent-api")
public interface AgentApiRestClient {

  /** {@code {KEY: value}}; 403 without the platform's internal token, 404 if the agent does not exist. */
  @GET
  @Path("/{agentId}/secrets")
  Map<String, String> secrets(@PathParam("agentId") String agentId,
      @HeaderParam("X-Engram-Internal-Token") String internalToken);
}
