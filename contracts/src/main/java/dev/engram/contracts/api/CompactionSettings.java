package dev.engram.contracts.api;

import java.util.Map;

/**
 * Letta's {@code compaction_settings} of an agent: how its context window is compacted when it fills up.
 * Every field is optional; {@link #mode()} defaults to {@code sliding_window} keeping
 * {@link #slidingWindowPercentage()} (0.3) of the window, {@link #clipChars()} to 50000.
 */
public record CompactionSettings(
    String model,
    Map<String, Object> modelSettings,
    String prompt,
    Boolean promptAcknowledgement,
    Integer clipChars,
    String mode,
    Double slidingWindowPercentage) {

  /** Keeps the newest messages that fit the kept share of the window, summarizes the rest. */
  public static final String SLIDING_WINDOW = "sliding_window";
  /** Summarizes every message but the system prompt. */
  public static final String ALL = "all";
  /** Letta's self-compaction modes; Engram runs them as their plain counterparts. */
  public static final String SELF_COMPACT_ALL = "self_compact_all";
  public static final String SELF_COMPACT_SLIDING_WINDOW = "self_compact_sliding_window";
  /** Default clip of a summary, in characters. */
  public static final int DEFAULT_CLIP_CHARS = 50000;
  /** Default share of the context window kept by a sliding window. */
  public static final double DEFAULT_SLIDING_WINDOW_PERCENTAGE = 0.3;
  /**
   * Letta Cloud's automatic model choice, which the {@code letta} CLI puts in every agent's settings. A self-hosted
   * server has no such router, so Engram summarizes with the agent's own model then.
   */
  public static final String AUTO_MODEL = "letta/auto";

  /** The model that writes summaries: the configured handle, or null for the agent's own model. */
  public String summaryModel() {
    return model == null || model.isBlank() || model.equalsIgnoreCase(AUTO_MODEL) ? null : model;
  }

  /** The mode, defaulted. */
  public String effectiveMode() {
    return mode == null || mode.isBlank() ? SLIDING_WINDOW : mode;
  }

  /** Whether the mode keeps recent messages ({@code sliding_window} and its self-compaction variant). */
  public boolean slidingWindow() {
    String m = effectiveMode();
    return m.equals(SLIDING_WINDOW) || m.equals(SELF_COMPACT_SLIDING_WINDOW);
  }

  /** The share of the window kept, defaulted and bounded to (0, 1). */
  public double effectiveSlidingWindowPercentage() {
    double p = slidingWindowPercentage == null ? DEFAULT_SLIDING_WINDOW_PERCENTAGE : slidingWindowPercentage;
    return p <= 0 || p >= 1 ? DEFAULT_SLIDING_WINDOW_PERCENTAGE : p;
  }

  /** Settings with every field defaulted. */
  public static CompactionSettings defaults() {
    return new CompactionSettings(null, null, null, false, DEFAULT_CLIP_CHARS, SLIDING_WINDOW,
        DEFAULT_SLIDING_WINDOW_PERCENTAGE);
  }

  /** Whether {@code mode} is one of Letta's four modes. */
  public static boolean knownMode(String mode) {
    return mode == null || mode.equals(SLIDING_WINDOW) || mode.equals(ALL) || mode.equals(SELF_COMPACT_ALL)
        || mode.equals(SELF_COMPACT_SLIDING_WINDOW);
  }
}
