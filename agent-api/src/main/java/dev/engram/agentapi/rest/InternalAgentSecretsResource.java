package dev.engram.agentapi.rest;

import dev.engram.agentapi.agent.AgentService;
import dev.engram.agentapi.secret.AgentSecrets;
import dev.engram.contracts.Ids;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/**
 * The values of an agent's secrets, for tool-executor to put in the environment of the agent's tool calls when
 * it runs them (so they never travel in Kafka events). Internal: not part of the Letta API, and must not be
 * reachable from outside the platform's network.
 */
@Path("/internal/agents/{agentId}/secrets")
@Produces(MediaType.APPLICATION_JSON)
@RunOnVirtualThread
public class InternalAgentSecretsResource {
  private final AgentService agents;
  private final AgentSecrets secrets;

  InternalAgentSecretsResource(AgentService agents, AgentSecrets secrets) {
    this.agents = agents;
    this.secrets = secrets;
  }

  /** {@code {KEY: value}}; 404 if the agent does not exist. */
  @GET
  public Map<String, String> values(@PathParam("agentId") String agentId) {
    agents.requireExists(Params.id(Ids.AGENT, agentId));
    return secrets.values(agentId);
  }
}
