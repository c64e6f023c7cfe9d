package dev.engram.memory.embedding;

import dev.engram.contracts.api.EmbeddingConfig;
import dev.engram.memory.MemoryServiceConfig;
import dev.engram.platform.rest.ApiException;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The embedding models memory-service can use. The default is the in-process all-MiniLM-L6-v2; a config
 * or handle naming another model resolves to it here, or is refused with a 400 that says why.
 */
@ApplicationScoped
public class Embeddings {
  private final LocalMiniLmEmbedder local;
  private final boolean warmUp;

  Embeddings(MemoryServiceConfig config) {
    this.local = new LocalMiniLmEmbedder(config.embedding().batchSize());
    this.warmUp = config.embedding().warmUp();
  }

  void start(@Observes StartupEvent event) {
    if (warmUp) {
      Thread.ofVirtual().name("engram-embedder-warm-up").start(local::warmUp);
    }
  }

  void stop(@Observes ShutdownEvent event) {
    local.close();
  }

  /** The model used when neither an archive nor a request names one. */
  public Embedder defaultEmbedder() {
    return local;
  }

  /** The model a Letta handle (e.g. {@code local/all-minilm-l6-v2}) names; null means the default. */
  public Embedder forHandle(String handle) {
    if (handle == null || handle.isBlank() || handle.equalsIgnoreCase(LocalMiniLmEmbedder.HANDLE)) {
      return local;
    }
    throw ApiException.badRequest("Unknown embedding model '" + handle + "': this server offers "
        + LocalMiniLmEmbedder.HANDLE);
  }

  /** The model an {@link EmbeddingConfig} describes; null means the default. */
  public Embedder forConfig(EmbeddingConfig config) {
    if (config == null || local.config().sameModelAs(config)) {
      return local;
    }
    if (config.handle() != null) {
      return forHandle(config.handle());
    }
    throw ApiException.badRequest("Unsupported embedding_config (" + config.embeddingEndpointType() + " "
        + config.embeddingModel() + ", " + config.embeddingDim() + " dims): this server offers "
        + LocalMiniLmEmbedder.HANDLE);
  }
}
