package dev.engram.agentapi.run;

import dev.engram.contracts.api.InputMessage;
import java.util.List;
import java.util.Map;

/**
 * A validated send: the run id to use if a new run is created, the input, and the request's settings
 * ({@code background}: a resumable streamed run; {@code streamTokens}: step-runner streams token deltas).
 */
public record SendCommand(String agentId, String runId, List<InputMessage> messages, int maxSteps,
    Map<String, Object> requestConfig, boolean background, boolean streamTokens) {

  /** A send that is neither background nor token-streamed. */
  public SendCommand(String agentId, String runId, List<InputMessage> messages, int maxSteps,
      Map<String, Object> requestConfig) {
    this(agentId, runId, messages, maxSteps, requestConfig, false, false);
  }
}
