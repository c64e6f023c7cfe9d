package dev.engram.scriptedmodel;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.time.Duration;

/**
 * Spaces generated tokens at a fixed rate; token i is due {@code (i + 1) * interval} after the
 * pacer starts, so sleeping late never makes the whole answer slower than the configured rate.
 */
final class Pacer {
  private final long intervalNanos;
  private final long startNanos;
  private long tokens;

  private Pacer(long intervalNanos) {
    this.intervalNanos = intervalNanos;
    this.startNanos = System.nanoTime();
  }

  /** A pacer for {@code tokensPerSecond}; zero or less means no pacing at all. */
  static Pacer of(double tokensPerSecond) {
    return new Pacer(tokensPerSecond > 0 ? Math.round(1_000_000_000d / tokensPerSecond) : 0);
  }

  /** Time the generation of {@code count} tokens takes at this rate. */
  Duration durationOf(int count) {
    return Duration.ofNanos(intervalNanos * count);
  }

  /**
   * Flushes what was written so far, so the client sees each token when it is produced, then
   * waits until the next token is due; without a rate it does neither, letting the stream buffer.
   */
  void awaitToken(OutputStream out) throws IOException {
    if (intervalNanos == 0) {
      return;
    }
    out.flush();
    tokens++;
    sleepUntil(startNanos + tokens * intervalNanos);
  }

  /** Sleeps for {@code duration}, turning an interrupt into the I/O failure callers handle. */
  static void sleep(Duration duration) throws IOException {
    if (duration.isZero() || duration.isNegative()) {
      return;
    }
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while simulating model latency");
    }
  }

  private static void sleepUntil(long deadlineNanos) throws IOException {
    sleep(Duration.ofNanos(deadlineNanos - System.nanoTime()));
  }
}
