package dev.engram.agentapi.client;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/** Resilient access to step-runner, owner of agents' messages. */
@ApplicationScoped
public class StepRunnerClient {
  private static final String SERVICE = "step-runner";

  private final StepRunnerRestClient rest;

  StepRunnerClient(@RestClient StepRunnerRestClient rest) {
    this.rest = rest;
  }

  /** A page of an agent's messages; step-runner applies Letta's ordering and validates the paging. */
  @Retry(maxRetries = 3, delay = 200, delayUnit = ChronoUnit.MILLIS, retryOn = DownstreamException.class)
  @Timeout(value = 10, unit = ChronoUnit.SECONDS)
  public JsonNode messages(String agentId, String before, String after, Integer limit, String order) {
    return Downstream.call(SERVICE, () -> rest.messages(agentId, before, after, limit, order));
  }

  /** The agent's context window overview, computed by step-runner from its stored window. */
  @Retry(maxRetries = 3, delay = 200, delayUnit = ChronoUnit.MILLIS, retryOn = DownstreamException.class)
  @Timeout(value = 10, unit = ChronoUnit.SECONDS)
  public JsonNode context(dev.engram.contracts.api.AgentSnapshot agent) {
    return Downstream.call(SERVICE, () -> rest.context(agent.id(), agent));
  }
}
