package dev.engram.steprunner.client;

import dev.engram.contracts.api.ToolExecutionRequest;
import dev.engram.contracts.api.ToolExecutionResult;
import dev.engram.steprunner.persistence.ConversationKey;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Resilient access to memory-service. Retrying a tool execution is safe because memory-service
 * applies each idempotency key once and returns the recorded result on a replay.
 */
@ApplicationScoped
public class MemoryClient {
  private final MemoryRestClient rest;

  MemoryClient(@RestClient MemoryRestClient rest) {
    this.rest = rest;
  }

  /**
   * The agent's blocks with its archival figures, in one call: what the system prompt shows of memory-service. In a
   * {@code conv-…} conversation its private block copies stand in for the agent's blocks with their labels; null or
   * {@code default} asks for the agent's own blocks (no query parameter is sent).
   */
  @Retry(maxRetries = 5, delay = 200, delayUnit = ChronoUnit.MILLIS, maxDuration = 60, durationUnit = ChronoUnit.SECONDS)
  @Timeout(value = 10, unit = ChronoUnit.SECONDS)
  public AgentMemory memory(String agentId, String conversationId) {
    // step-runner counts recall itself (it owns the messages); memory-service's count would be a wasted scan.
    boolean agentsOwn = conversationId == null || ConversationKey.DEFAULT.equals(conversationId);
    return rest.memoryMetadata(agentId, false, agentsOwn ? null : conversationId);
  }

  /** Executes a memory tool call once per idempotency key. */
  @Retry(maxRetries = 5, delay = 200, delayUnit = ChronoUnit.MILLIS, maxDuration = 60, durationUnit = ChronoUnit.SECONDS,
      abortOn = jakarta.ws.rs.WebApplicationException.class)
  @Timeout(value = 30, unit = ChronoUnit.SECONDS)
  public ToolExecutionResult execute(ToolExecutionRequest request) {
    return rest.execute(request);
  }
}
