package dev.engram.agentapi.rest;

import dev.engram.agentapi.AgentApiConfig;
import dev.engram.agentapi.agent.AgentService;
import dev.engram.agentapi.secret.AgentSecrets;
import dev.engram.contracts.Ids;
import dev.engram.platform.rest.ApiException;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;

/**
 * The values of an agent's secrets, for tool-executor to put in the environment of the agent's tool calls when
 * it runs them (so they never travel in Kafka events). Not part of the Letta API; since agent-api serves it on its
 * public port, a caller must present the platform's internal token ({@code ENGRAM_INTERNAL_TOKEN}).
 */
@Path("/internal/agents/{agentId}/secrets")
@Produces(MediaType.APPLICATION_JSON)
@RunOnVirtualThread
public class InternalAgentSecretsResource {
  /** The header carrying the internal token. */
  public static final String TOKEN_HEADER = "X-Engram-Internal-Token";

  private final AgentService agents;
  private final AgentSecrets secrets;
  private final AgentApiConfig config;

  InternalAgentSecretsResource(AgentService agents, AgentSecrets secrets, AgentApiConfig config) {
    this.agents = agents;
    this.secrets = secrets;
    this.config = config;
  }

  /** {@code {KEY: value}}; 403 without the internal token, 404 if the agent does not exist. */
  @GET
  public Map<String, String> values(@PathParam("agentId") String agentId, @HeaderParam(TOKEN_HEADER) String token) {
    String expected = config.internalToken().filter(t -> !t.isBlank()).orElseThrow(() -> new ApiException(403,
        "The internal API is disabled: ENGRAM_INTERNAL_TOKEN is not set"));
    if (token == null || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
        token.getBytes(StandardCharsets.UTF_8))) {
      throw new ApiException(403, "Forbidden");
    }
    agents.requireExists(Params.id(Ids.AGENT, agentId));
    return secrets.values(agentId);
  }
}
