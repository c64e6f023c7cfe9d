package dev.engram.memory.embedding;

import dev.engram.contracts.api.EmbeddingConfig;
import dev.engram.memory.MemoryServiceConfig;
import dev.engram.platform.rest.ApiException;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The embedding models memory-service can use. The default is the in-process all-MiniLM-L6-v2; a config
 * or handle naming another model resolves to it here, or is refused with a 400 that says why. Handles:
 * {@code local/all-minilm-l6-v2}, {@code openai/<model>} (needs {@code OPENAI_API_KEY}, honours
 * {@code OPENAI_BASE_URL}) and {@code scripted/<model>} (the project's scripted model server, a test double
 * at {@code ENGRAM_SCRIPTED_MODEL_URL}).
 */
@ApplicationScoped
public class Embeddings {
  /** Handle prefix of the scripted model server's deterministic embeddings. */
  public static final String SCRIPTED = "scripted";

  private final LocalMiniLmEmbedder local;
  private final boolean warmUp;
  private final Optional<String> openAiKey;
  private final String openAiBaseUrl;
  private final Optional<String> scriptedUrl;
  private final Map<String, Embedder> remote = new ConcurrentHashMap<>();
  // HTTP/1.1: local OpenAI-compatible servers speak nothing else, and an h2c upgrade attempt costs a round trip.
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();

  Embeddings(MemoryServiceConfig config) {
    MemoryServiceConfig.Embedding c = config.embedding();
    this.local = new LocalMiniLmEmbedder(c.batchSize());
    this.warmUp = c.warmUp();
    this.openAiKey = c.openai().apiKey().filter(s -> !s.isBlank());
    this.openAiBaseUrl = c.openai().baseUrl();
    this.scriptedUrl = c.scriptedUrl().filter(s -> !s.isBlank());
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
    int slash = handle.indexOf('/');
    String provider = slash > 0 ? handle.substring(0, slash) : "";
    String model = slash > 0 ? handle.substring(slash + 1) : "";
    if (model.isBlank()) {
      throw unknown(handle);
    }
    return switch (provider) {
      case "openai" -> remote.computeIfAbsent(handle, h -> new OpenAiCompatibleEmbedder(h, "openai", openAiBaseUrl,
          openAiKey.orElseThrow(() -> ApiException.badRequest("Embedding model '" + h + "' needs OPENAI_API_KEY, "
              + "which memory-service does not have")), model, http));
      case SCRIPTED -> remote.computeIfAbsent(handle, h -> new OpenAiCompatibleEmbedder(h, "openai",
          scriptedUrl.orElseThrow(() -> ApiException.badRequest("Embedding model '" + h + "' needs the scripted "
              + "model server (ENGRAM_SCRIPTED_MODEL_URL), which memory-service is not configured with")), null,
          model, http));
      default -> throw unknown(handle);
    };
  }

  /** The model an {@link EmbeddingConfig} describes; null means the default. */
  public Embedder forConfig(EmbeddingConfig config) {
    if (config == null || local.config().sameModelAs(config)) {
      return local;
    }
    Embedder embedder;
    if (config.handle() != null) {
      embedder = forHandle(config.handle());
    } else if ("openai".equals(config.embeddingEndpointType()) && config.embeddingModel() != null) {
      embedder = forHandle("openai/" + config.embeddingModel());
    } else {
      throw ApiException.badRequest("Unsupported embedding_config (" + config.embeddingEndpointType() + " "
          + config.embeddingModel() + ", " + config.embeddingDim() + " dims): this server offers "
          + LocalMiniLmEmbedder.HANDLE + ", openai/<model> and scripted/<model>");
    }
    if (config.embeddingDim() != null && !config.embeddingDim().equals(embedder.config().embeddingDim())) {
      throw ApiException.badRequest("embedding_config asks for " + config.embeddingDim() + " dimensions but "
          + embedder.config().handle() + " produces " + embedder.config().embeddingDim());
    }
    return embedder;
  }

  private static ApiException unknown(String handle) {
    return ApiException.badRequest("Unknown embedding model '" + handle + "': this server offers "
        + LocalMiniLmEmbedder.HANDLE + ", openai/<model> and scripted/<model>");
  }
}
