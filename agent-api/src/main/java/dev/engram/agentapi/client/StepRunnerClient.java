package dev.engram.agentapi.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.contracts.api.AgentSnapshot;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.temporal.ChronoUnit;
import java.util.Map;
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

  /**
   * A page of an agent's messages; step-runner applies Letta's ordering and validates the paging.
   * {@code conversationId}: null for all of the agent's messages, {@code default} for its default conversation's,
   * a {@code conv-…} id for that conversation's.
   */
  @Retry(maxRetries = 3, delay = 200, delayUnit = ChronoUnit.MILLIS, retryOn = DownstreamException.class)
  @Timeout(value = 10, unit = ChronoUnit.SECONDS)
  public JsonNode messages(String agentId, String conversationId, String before, String after, Integer limit,
      String order) {
    return Downstream.call(SERVICE, () -> rest.messages(agentId, conversationId, before, after, limit, order));
  }

  /** The message ids of a conversation's context window, in order (a JSON array; empty before its first run). */
  @Retry(maxRetries = 3, delay = 200, delayUnit = ChronoUnit.MILLIS, retryOn = DownstreamException.class)
  @Timeout(value = 10, unit = ChronoUnit.SECONDS)
  public JsonNode inContext(String agentId, String conversationId) {
    return Downstream.call(SERVICE, () -> rest.inContext(agentId, conversationId));
  }

  /**
   * Starts conversation {@code target} as a copy of {@code source}'s context window up to {@code messageId} (null:
   * all of it). Like a recompile it waits for a running run of the agent, so it is not retried.
   */
  @Timeout(value = 20, unit = ChronoUnit.SECONDS)
  public JsonNode fork(String agentId, String source, String target, String messageId) {
    Map<String, String> body = new java.util.HashMap<>();
    body.put("conversation_id", target);
    if (messageId != null) {
      body.put("message_id", messageId);
    }
    return Downstream.call(SERVICE, () -> rest.fork(agentId, source, body));
  }

  /**
   * Recompiles the agent's system prompt; step-runner waits for a running run to finish first, so this
   * is not retried (a retry could queue behind the same run again) and may take up to its wait limit (10 s by default).
   */
  @Timeout(value = 20, unit = ChronoUnit.SECONDS)
  public String recompile(AgentSnapshot agent, boolean updateTimestamp, boolean dryRun) {
    return recompile(agent, null, updateTimestamp, dryRun);
  }

  /** As {@link #recompile(AgentSnapshot, boolean, boolean)} for one conversation (null or default: the agent's). */
  @Timeout(value = 20, unit = ChronoUnit.SECONDS)
  public String recompile(AgentSnapshot agent, String conversationId, boolean updateTimestamp, boolean dryRun) {
    return Downstream.call(SERVICE, () -> rest.recompile(agent.id(), agent, conversationId, updateTimestamp, dryRun))
        .asText();
  }

  /** Leaves only the system message in the agent's context window (after a running run finished). */
  @Timeout(value = 20, unit = ChronoUnit.SECONDS)
  public void resetMessages(AgentSnapshot agent) {
    Downstream.run(SERVICE, () -> rest.resetMessages(agent.id(), agent));
  }

  /** The agent's context window overview, computed by step-runner from its stored window. */
  @Retry(maxRetries = 3, delay = 200, delayUnit = ChronoUnit.MILLIS, retryOn = DownstreamException.class)
  @Timeout(value = 10, unit = ChronoUnit.SECONDS)
  public JsonNode context(AgentSnapshot agent) {
    return Downstream.call(SERVICE, () -> rest.context(agent.id(), agent));
  }

  /** The outcome of the compaction the run {@code runId} did (404 if it recorded none). */
  @Retry(maxRetries = 3, delay = 200, delayUnit = ChronoUnit.MILLIS, retryOn = DownstreamException.class)
  @Timeout(value = 10, unit = ChronoUnit.SECONDS)
  public JsonNode compaction(String agentId, String runId) {
    return Downstream.call(SERVICE, () -> rest.compaction(agentId, runId));
  }

  /** The approval request a conversation of the agent waits on (step-runner's truth; null: default); 404 when none. */
  @Retry(maxRetries = 3, delay = 200, delayUnit = ChronoUnit.MILLIS, retryOn = DownstreamException.class)
  @Timeout(value = 10, unit = ChronoUnit.SECONDS)
  public JsonNode pendingApproval(String agentId, String conversationId) {
    return Downstream.call(SERVICE, () -> rest.pendingApproval(agentId, conversationId));
  }
}
