package dev.engram.memory.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.Executors;
import dev.engram.local.EngramInfraTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Runs inside the application: the model's native tokenizer library can be loaded by one class loader
 * per JVM only, and the @QuarkusTests of this module load it in Quarkus' class loader.
 */
@QuarkusTest
@QuarkusTestResource(value = EngramInfraTestResource.class,
    initArgs = @ResourceArg(name = "database", value = "memory"))
class LocalMiniLmEmbedderTest {
  @Inject
  Embeddings embeddings;

  private Embedder embedder;

  @BeforeEach
  void model() {
    embedder = embeddings.defaultEmbedder();
  }

  @Test
  void paraphrasesAreCloserThanUnrelatedTexts() {
    List<float[]> v = embedder.embed(List.of(
        "My dog loves playing fetch in the park",
        "The puppy enjoys chasing a ball outdoors",
        "Quarterly tax filings are due at the end of the month"));
    assertThat(v).allSatisfy(x -> assertThat(x).hasSize(384));
    assertThat(Vectors.dot(v.get(0), v.get(0))).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-4f));
    assertThat(Vectors.dot(v.get(0), v.get(1))).isGreaterThan(Vectors.dot(v.get(0), v.get(2)) + 0.2f);
  }

  @Test
  void concurrentCallersEachGetTheirOwnVectorsInOrder() throws Exception {
    float[] alone = embedder.embed("the fox jumped over the fence");
    try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<List<float[]>>> futures = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        int n = i;
        futures.add(pool.submit(() -> embedder.embed(List.of("caller " + n, "the fox jumped over the fence"))));
      }
      for (Future<List<float[]>> f : futures) {
        List<float[]> got = f.get();
        assertThat(got).hasSize(2);
        assertThat(Vectors.dot(got.get(1), alone)).isGreaterThan(0.999f);
      }
    }
  }

  @Test
  void bytesRoundTrip() {
    float[] v = {0.5f, -1.25f, 3f};
    assertThat(Vectors.fromBytes(Vectors.toBytes(v))).containsExactly(v);
  }
}
