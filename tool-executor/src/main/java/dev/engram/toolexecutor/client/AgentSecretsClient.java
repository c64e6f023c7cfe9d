package dev.engram.toolexecutor.client;

import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Reads an agent's secrets from agent-api when one of its tools is about to run, so that secrets never travel in
 * Kafka events or sit in step-runner's database (docs/security.md). Never logs the values.
 */
@ApplicationScoped
public class AgentSecretsClient {
  private final AgentApiRestClient rest;
  private final boolean enabled;
  private final String token;
  private volatile boolean warned;

  AgentSecretsClient(@RestClient AgentApiRestClient rest,
      @ConfigProperty(name = "engram.tool-executor.agent-secrets", defaultValue = "true") boolean enabled,
      @ConfigProperty(name = "engram.tool-executor.internal-token") Optional<String> token) {
    this.rest = rest;
    this.enabled = enabled;
    this.token = token.orElse(null);
  }

  /** Thrown when agent-api cannot tell; the tool then does not run without the secrets it may need. */
  public static class SecretsUnavailableException extends RuntimeException {
    SecretsUnavailableException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * The agent's secrets ({@code {}} for an agent that no longer exists, or when this deployment is configured not
   * to read them or has no internal token to read them with). Retried: a read, and agent-api may be restarting.
   */
  @Retry(maxRetries = 3, delay = 300, delayUnit = ChronoUnit.MILLIS, retryOn = SecretsUnavailableException.class)
  @Timeout(value = 10, unit = ChronoUnit.SECONDS)
  public Map<String, String> secretsOf(String agentId) {
    if (!enabled || agentId == null) {
      return Map.of();
    }
    if (token == null || token.isBlank()) {
      if (!warned) {
        warned = true;
        Log.warn("ENGRAM_INTERNAL_TOKEN is not set: custom tools run without their agents' secrets");
      }
      return Map.of();
    }
    try {
      Map<String, String> secrets = rest.secrets(agentId, token);
      return secrets == null ? Map.of() : secrets;
    } catch (WebApplicationException e) {
      if (e.getResponse() != null && e.getResponse().getStatus() == 404) {
        return Map.of();
      }
      throw new SecretsUnavailableException("agent-api answered " + statusOf(e) + " when asked for the agent's secrets", e);
    } catch (RuntimeException e) {
      throw new SecretsUnavailableException("agent-api could not be reached for the agent's secrets", e);
    }
  }

  private static String statusOf(WebApplicationException e) {
    return e.getResponse() == null ? "an error" : "HTTP " + e.getResponse().getStatus();
  }
}
