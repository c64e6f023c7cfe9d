package dev.engram.agentapi.agent;

import dev.engram.contracts.api.CompactionSettings;
import dev.engram.platform.rest.ApiException;

/**
 * Validation and defaults of Letta's {@code compaction_settings}: what a client may send on create, update and
 * {@code POST /v1/agents/{id}/summarize}, and what {@code AgentState} shows.
 */
public final class CompactionSettingsRules {

  private CompactionSettingsRules() {
  }

  /**
   * {@code settings} unchanged if valid (null stays null); 422 naming the field otherwise. {@code field} is the
   * path of the settings in the request body, for the error detail.
   */
  public static CompactionSettings validate(CompactionSettings settings, String field) {
    if (settings == null) {
      return null;
    }
    if (!CompactionSettings.knownMode(settings.mode())) {
      throw ApiException.unprocessable(field + ".mode: Input should be 'all', 'sliding_window', "
          + "'self_compact_all' or 'self_compact_sliding_window' (got '" + settings.mode() + "')");
    }
    Double p = settings.slidingWindowPercentage();
    if (p != null && (p.isNaN() || p <= 0 || p >= 1)) {
      throw ApiException.unprocessable(field + ".sliding_window_percentage: Input should be greater than 0 and "
          + "less than 1 (the share of the context window kept after compaction), got " + p);
    }
    if (settings.clipChars() != null && settings.clipChars() <= 0) {
      throw ApiException.unprocessable(field + ".clip_chars: Input should be greater than 0");
    }
    if (settings.model() != null && settings.model().isBlank()) {
      throw ApiException.unprocessable(field + ".model: a model handle such as 'openai/gpt-4o-mini', or null for "
          + "the agent's own model");
    }
    return settings;
  }

  /** The settings as {@code AgentState} shows them: every field Letta defaults filled in. */
  public static CompactionSettings effective(CompactionSettings stored) {
    if (stored == null) {
      return CompactionSettings.defaults();
    }
    return new CompactionSettings(stored.model(), stored.modelSettings(), stored.prompt(),
        stored.promptAcknowledgement() != null && stored.promptAcknowledgement(),
        stored.clipChars() == null ? CompactionSettings.DEFAULT_CLIP_CHARS : stored.clipChars(),
        stored.effectiveMode(), stored.slidingWindowPercentage() == null
            ? CompactionSettings.DEFAULT_SLIDING_WINDOW_PERCENTAGE : stored.slidingWindowPercentage());
  }
}
