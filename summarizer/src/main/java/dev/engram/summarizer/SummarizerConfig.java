package dev.engram.summarizer;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** Tunables of the summarizer. */
@ConfigMapping(prefix = "engram.summarizer")
public interface SummarizerConfig {

  /**
   * Longest summary kept; a longer answer is cut at a word boundary. The summary re-enters every
   * prompt of the agent, so it must stay small next to the context window.
   */
  @WithDefault("2000")
  int maxSummaryChars();

  /**
   * Longest summary stored when the overflow does not say (Letta's {@code clip_chars} default); a longer one is
   * cut and marked as truncated.
   */
  @WithDefault("50000")
  int clipChars();

  /**
   * Longest text of one evicted message given to the model; longer messages (typically tool
   * returns) are cut so that the summarization request itself fits the model's context.
   */
  @WithDefault("4000")
  int maxLineChars();

  /** Output token limit of the summarization call; unset leaves the provider's default. */
  Optional<Integer> maxOutputTokens();
}
