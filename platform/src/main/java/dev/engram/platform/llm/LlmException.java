package dev.engram.platform.llm;

/** A model call failed; {@link #kind()} says how, in terms a run's stop reason can use. */
public class LlmException extends RuntimeException {
  private final Kind kind;

  /** Failure classes, each mapped to Letta's {@code llm_*} error types. */
  public enum Kind {
    RATE_LIMIT("llm_rate_limit", true),
    TIMEOUT("llm_timeout", true),
    SERVER("llm_error", true),
    AUTHENTICATION("llm_authentication", false),
    BAD_REQUEST("llm_bad_request", false),
    CONTEXT_OVERFLOW("context_window_exceeded", false),
    NOT_CONFIGURED("llm_bad_request", false),
    /** The caller gave up on the call (its run was cancelled); never retried. */
    CANCELLED("cancelled", false);

    private final String errorType;
    private final boolean retryable;

    Kind(String errorType, boolean retryable) {
      this.errorType = errorType;
      this.retryable = retryable;
    }

    public String errorType() {
      return errorType;
    }

    public boolean retryable() {
      return retryable;
    }
  }

  public LlmException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }

  /** A failure that a later attempt may not repeat (429, 5xx, timeouts); the only kind retried. */
  public static class Retryable extends LlmException {
    public Retryable(Kind kind, String message, Throwable cause) {
      super(kind, message, cause);
    }
  }

  /** Builds the right class for {@code kind}. */
  public static LlmException of(Kind kind, String message, Throwable cause) {
    return kind.retryable() ? new Retryable(kind, message, cause) : new LlmException(kind, message, cause);
  }
}
