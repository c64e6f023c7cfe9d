package dev.engram.agentapi.run;

import dev.engram.contracts.api.ClientTool;
import dev.engram.contracts.api.InputMessage;
import java.util.List;
import java.util.Map;

/**
 * A validated send: the run id to use if a new run is created, the input, and the request's settings;
 * {@code clientTools} are the request's client-side tools (empty: none), {@code background} marks a resumable
 * streamed run and {@code streamTokens} asks step-runner for token deltas. {@code conversationId} is the
 * {@code conv-…} conversation the run belongs to, null for the agent's default conversation. {@code chunked} false
 * tells step-runner that nobody reads the run's output as a stream (a request-response send).
 */
public record SendCommand(String agentId, String runId, List<InputMessage> messages, int maxSteps,
    Map<String, Object> requestConfig, List<ClientTool> clientTools, boolean background, boolean streamTokens,
    String conversationId, boolean chunked) {

  /** A send whose output is published as chunks. */
  public SendCommand(String agentId, String runId, List<InputMessage> messages, int maxSteps,
      Map<String, Object> requestConfig, List<ClientTool> clientTools, boolean background, boolean streamTokens,
      String conversationId) {
    this(agentId, runId, messages, maxSteps, requestConfig, clientTools, background, streamTokens, conversationId,
        true);
  }

  /** A send to the agent's default conversation. */
  public SendCommand(String agentId, String runId, List<InputMessage> messages, int maxSteps,
      Map<String, Object> requestConfig, List<ClientTool> clientTools, boolean background, boolean streamTokens) {
    this(agentId, runId, messages, maxSteps, requestConfig, clientTools, background, streamTokens, null);
  }

  /** This send with its output published as chunks or not. */
  public SendCommand withChunked(boolean value) {
    return new SendCommand(agentId, runId, messages, maxSteps, requestConfig, clientTools, background, streamTokens,
        conversationId, value);
  }

  /** A send without client-side tools that is neither background nor token-streamed. */
  public SendCommand(String agentId, String runId, List<InputMessage> messages, int maxSteps,
      Map<String, Object> requestConfig) {
    this(agentId, runId, messages, maxSteps, requestConfig, List.of(), false, false);
  }
}
