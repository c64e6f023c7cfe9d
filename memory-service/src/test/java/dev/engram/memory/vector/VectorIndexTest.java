package dev.engram.memory.vector;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class VectorIndexTest {
  private static final int DIM = 64;
  private static final Duration BUILD = Duration.ofMinutes(2);

  @Test
  void smallIndexesAreSearchedExactly() {
    VectorIndex<Integer> index = new VectorIndex<>(3, VectorIndexSettings.defaults());
    index.add("x", unit(1, 0, 0), 1);
    index.add("y", unit(0, 1, 0), 2);
    index.add("xy", unit(1, 1, 0), 3);
    VectorIndex.Result<Integer> result = index.search(unit(1, 0.1f, 0), 2, null, false);
    assertThat(result.mode()).isEqualTo(VectorIndex.Mode.EXACT);
    assertThat(result.hits()).extracting(VectorHit::id).containsExactly("x", "xy");
    assertThat(result.hits().get(0).score()).isGreaterThan(0.99f);
    assertThat(index.search(unit(1, 0, 0), 5, m -> m >= 2, false).hits()).extracting(VectorHit::id)
        .containsExactly("xy", "y");
  }

  @Test
  void graphSearchHasHighRecallAgainstExactSearch() {
    Random random = new Random(42);
    VectorIndex<Integer> index = new VectorIndex<>(DIM, new VectorIndexSettings(500, 16, 100, 100, 0.2));
    List<float[]> centres = new ArrayList<>();
    for (int c = 0; c < 40; c++) {
      centres.add(randomUnit(random));
    }
    List<VectorIndex.Entry<Integer>> entries = new ArrayList<>();
    for (int i = 0; i < 4_000; i++) {
      // Half clustered, half uniform: both the easy and the hard case for a graph.
      float[] v = i % 2 == 0 ? noisy(centres.get(i % centres.size()), random, 0.35f) : randomUnit(random);
      entries.add(new VectorIndex.Entry<>("v" + i, v, i));
    }
    index.addAll(entries);
    index.awaitBuilt(BUILD);
    assertThat(index.stats().graphReady()).isTrue();

    double recall = 0;
    int queries = 100;
    for (int q = 0; q < queries; q++) {
      float[] query = q % 2 == 0 ? noisy(centres.get(q % centres.size()), random, 0.5f) : randomUnit(random);
      VectorIndex.Result<Integer> approx = index.search(query, 10, null, false);
      VectorIndex.Result<Integer> exact = index.search(query, 10, null, true);
      assertThat(approx.mode()).isEqualTo(VectorIndex.Mode.HNSW);
      assertThat(exact.mode()).isEqualTo(VectorIndex.Mode.EXACT);
      Set<String> truth = exact.hits().stream().map(VectorHit::id).collect(Collectors.toSet());
      recall += approx.hits().stream().filter(h -> truth.contains(h.id())).count() / 10.0;
    }
    assertThat(recall / queries).isGreaterThanOrEqualTo(0.95);
  }

  @Test
  void removedIdsNeverComeBackAndFiltersApplyOnTheGraph() {
    Random random = new Random(7);
    VectorIndex<Integer> index = new VectorIndex<>(DIM, new VectorIndexSettings(300, 16, 100, 100, 0.2));
    List<VectorIndex.Entry<Integer>> entries = new ArrayList<>();
    for (int i = 0; i < 1_500; i++) {
      entries.add(new VectorIndex.Entry<>("v" + i, randomUnit(random), i));
    }
    index.addAll(entries);
    index.awaitBuilt(BUILD);
    float[] target = entries.get(123).vector();
    assertThat(index.search(target, 1, null, false).hits().get(0).id()).isEqualTo("v123");

    assertThat(index.remove("v123")).isTrue();
    assertThat(index.add("v123", target, 123)).isFalse();
    assertThat(index.search(target, 20, null, false).hits()).extracting(VectorHit::id).doesNotContain("v123");
    assertThat(index.search(target, 20, null, true).hits()).extracting(VectorHit::id).doesNotContain("v123");

    // Removing a large share triggers a rebuild; the removed stay out of it.
    Set<String> removed = new HashSet<>();
    for (int i = 0; i < 600; i++) {
      index.remove("v" + (i * 2));
      removed.add("v" + (i * 2));
    }
    index.awaitBuilt(BUILD);
    for (int q = 0; q < 20; q++) {
      assertThat(index.search(randomUnit(random), 30, null, false).hits()).extracting(VectorHit::id)
          .doesNotContainAnyElementsOf(removed);
    }
    // A selective filter (10 of ~900 live) is answered exactly from the entries that pass it.
    VectorIndex.Result<Integer> filtered = index.search(randomUnit(random), 5, m -> m % 150 == 1, false);
    assertThat(filtered.mode()).isEqualTo(VectorIndex.Mode.EXACT);
    assertThat(filtered.hits()).hasSize(5).allSatisfy(h -> assertThat(h.meta() % 150).isEqualTo(1));
    // A broad filter uses the graph and still returns only passing entries.
    VectorIndex.Result<Integer> broad = index.search(randomUnit(random), 10, m -> m % 3 != 0, false);
    assertThat(broad.mode()).isEqualTo(VectorIndex.Mode.HNSW);
    assertThat(broad.hits()).hasSize(10).allSatisfy(h -> assertThat(h.meta() % 3).isNotZero());
  }

  private static float[] unit(float... v) {
    return normalise(v);
  }

  private static float[] randomUnit(Random random) {
    float[] v = new float[DIM];
    for (int i = 0; i < DIM; i++) {
      v[i] = (float) random.nextGaussian();
    }
    return normalise(v);
  }

  private static float[] noisy(float[] centre, Random random, float noise) {
    float[] v = new float[DIM];
    for (int i = 0; i < DIM; i++) {
      v[i] = centre[i] + noise * (float) random.nextGaussian() / (float) Math.sqrt(DIM);
    }
    return normalise(v);
  }

  private static float[] normalise(float[] v) {
    double s = 0;
    for (float x : v) {
      s += x * x;
    }
    float inv = (float) (1 / Math.sqrt(s));
    float[] out = v.clone();
    for (int i = 0; i < out.length; i++) {
      out[i] *= inv;
    }
    return out;
  }
}
