package dev.engram.steprunner.context;

import dev.engram.contracts.StopReason;

/** The context window could not be made to fit; ends the run with {@link #stopReason()} and a clear error. */
public class ContextCompactionException extends RuntimeException {
  /** Error type of a summarizer that answered with a failure. */
  public static final String SUMMARIZATION_FAILED = "summarization_failed";
  /** Error type of a summarizer that did not answer in time. */
  public static final String SUMMARIZATION_TIMEOUT = "summarization_timeout";
  /** Error type of a manual compaction that found nothing besides the system prompt to summarize. */
  public static final String NOTHING_TO_COMPACT = "nothing_to_compact";
  /** Error type of a window that stays too full after compaction. */
  public static final String CONTEXT_WINDOW_EXCEEDED = "context_window_exceeded";

  private final StopReason stopReason;
  private final String errorType;

  public ContextCompactionException(StopReason stopReason, String errorType, String message) {
    super(message);
    this.stopReason = stopReason;
    this.errorType = errorType;
  }

  public StopReason stopReason() {
    return stopReason;
  }

  public String errorType() {
    return errorType;
  }
}
