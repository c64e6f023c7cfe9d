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
  void oneInferenceForABatchGivesTheVectorsOfOneInferencePerText() {
    SingleThreadMiniLm model = new SingleThreadMiniLm();
    List<String> texts = List.of(
        "hi",
        "The puppy enjoys chasing a ball outdoors, then sleeps for the rest of the afternoon.",
        "",
        "ORD-7731 shipped?",
        // Over the model's 512 tokens: split and averaged by langchain4j's encoder, outside the batch.
        "word ".repeat(700).trim(),
        "Quarterly tax filings are due at the end of the month");
    List<float[]> batched = model.embedBatch(texts, 4);
    assertThat(batched).hasSize(texts.size());
    for (int i = 0; i < texts.size(); i++) {
      float[] got = batched.get(i);
      assertThat(Vectors.dot(got, got)).as("unit length of %s", i).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-4f));
      if (texts.get(i).isBlank()) {
        continue;  // langchain4j refuses to embed a blank text; the batch embeds it as a space
      }
      float[] alone = Vectors.normalized(model.embed(texts.get(i)).content().vector());
      assertThat(Vectors.dot(got, alone)).as("text %d against its own inference", i).isGreaterThan(0.9999f);
    }
    assertThat(Vectors.dot(batched.get(1), batched.get(5))).isLessThan(0.9f);
  }

  @Test
  void bytesRoundTrip() {
    float[] v = {0.5f, -1.25f, 3f};
    assertThat(Vectors.fromBytes(Vectors.toBytes(v))).containsExactly(v);
  }
}
