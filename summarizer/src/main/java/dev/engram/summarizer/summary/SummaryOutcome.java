package dev.engram.summarizer.summary;

/** What summarizing one overflow produced: a summary, or the reason there is none. */
public sealed interface SummaryOutcome {

  /** The model's summary, already clipped. */
  record Summary(String text) implements SummaryOutcome {
  }

  /** Why no summary was made, worded for the run's error. */
  record Failure(String error) implements SummaryOutcome {
  }
}
