package dev.engram.agentapi.message;

/** The HTTP answer to a sync send: a status and a JSON body (a {@link LettaResponse} or an error body). */
public record SendResult(int status, Object body) {

  /** Letta's body for a run that failed outside the LLM, or that is still running. */
  public record RunErrorBody(String detail, String runId) {
  }

  /** Letta's body for an LLM provider error: {@code {"error": {type, message, detail}}}. */
  public record LlmErrorBody(LlmError error) {
  }

  /** The inner object of {@link LlmErrorBody}. */
  public record LlmError(String type, String message, String detail) {
  }
}
