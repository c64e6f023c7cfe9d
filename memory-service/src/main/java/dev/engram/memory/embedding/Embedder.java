package dev.engram.memory.embedding;

import dev.engram.contracts.api.EmbeddingConfig;
import java.util.List;

/** One embedding model: turns texts into unit-length vectors of {@code config().embeddingDim()} floats. */
public interface Embedder {

  /** The model, as recorded on archives and passages. */
  EmbeddingConfig config();

  /**
   * Embeds {@code texts}, one vector per text in the same order. Blocks the calling (virtual) thread;
   * never call it from an event-loop thread.
   */
  List<float[]> embed(List<String> texts);

  /** Embeds one text. */
  default float[] embed(String text) {
    return embed(List.of(text)).get(0);
  }
}
