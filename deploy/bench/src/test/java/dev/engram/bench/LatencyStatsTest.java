package dev.engram.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class LatencyStatsTest {

  @Test
  void nearestRankOnOneToHundred() {
    long[] samples = LongStream.rangeClosed(1, 100).map(i -> 101 - i).toArray();

    LatencyStats stats = LatencyStats.of(samples);

    assertThat(stats.count()).isEqualTo(100);
    assertThat(stats.p50()).isEqualTo(50);
    assertThat(stats.p95()).isEqualTo(95);
    assertThat(stats.p99()).isEqualTo(99);
    assertThat(stats.max()).isEqualTo(100);
    assertThat(stats.mean()).isEqualTo(50.5);
  }

  @Test
  void smallSampleReportsObservedValues() {
    LatencyStats stats = LatencyStats.of(new long[] {30, 10, 20});

    assertThat(stats.p50()).isEqualTo(20);
    assertThat(stats.p95()).isEqualTo(30);
    assertThat(stats.p99()).isEqualTo(30);
  }

  @Test
  void singleSampleIsEveryPercentile() {
    assertThat(LatencyStats.percentile(new long[] {7}, 1)).isEqualTo(7);
    assertThat(LatencyStats.percentile(new long[] {7}, 100)).isEqualTo(7);
  }

  @Test
  void tailOfThousandSamples() {
    long[] samples = LongStream.rangeClosed(1, 1000).toArray();

    assertThat(LatencyStats.percentile(samples, 99)).isEqualTo(990);
    assertThat(LatencyStats.percentile(samples, 99.9)).isEqualTo(999);
  }

  @Test
  void noSamplesGiveAnEmptySummaryButNoPercentile() {
    assertThat(LatencyStats.of(new long[0]).count()).isZero();
    assertThatThrownBy(() -> LatencyStats.percentile(new long[0], 50)).isInstanceOf(IllegalArgumentException.class);
  }
}
