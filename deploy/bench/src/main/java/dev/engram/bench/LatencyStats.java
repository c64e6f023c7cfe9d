package dev.engram.bench;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Arrays;

/** Summary of latency samples in nanoseconds: nearest-rank percentiles, maximum and mean. */
public record LatencyStats(int count, long p50, long p95, long p99, long max, double mean) {

  /** Summarizes {@code nanos} (not modified); an empty array gives count 0 and zeros. */
  public static LatencyStats of(long[] nanos) {
    if (nanos.length == 0) {
      return new LatencyStats(0, 0, 0, 0, 0, 0);
    }
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    double sum = 0;
    for (long n : sorted) {
      sum += n;
    }
    return new LatencyStats(sorted.length, percentile(sorted, 50), percentile(sorted, 95), percentile(sorted, 99),
        sorted[sorted.length - 1], sum / sorted.length);
  }

  /**
   * The nearest-rank percentile of ascending {@code sorted}: the smallest sample such that at
   * least {@code p} percent of the samples are less than or equal to it. No interpolation, so every
   * figure printed is a latency that was actually observed.
   */
  public static long percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      throw new IllegalArgumentException("no samples");
    }
    if (!(p > 0 && p <= 100)) {
      throw new IllegalArgumentException("percentile must be in (0, 100], got " + p);
    }
    // Decimal arithmetic: in binary floating point 99.9 / 100 * 1000 exceeds 999 and would round up to 1000.
    int rank = BigDecimal.valueOf(p).multiply(BigDecimal.valueOf(sorted.length))
        .divide(BigDecimal.valueOf(100), 0, RoundingMode.CEILING).intValueExact();
    return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
  }

  /** Nanoseconds as milliseconds. */
  public static double millis(long nanos) {
    return nanos / 1_000_000.0;
  }
}
