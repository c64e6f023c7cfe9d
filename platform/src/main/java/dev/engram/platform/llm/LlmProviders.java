package dev.engram.platform.llm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.contracts.Json;
import dev.engram.contracts.api.LlmConfig;
import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.anthropic.AnthropicStreamingChatModel;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The LLM providers this deployment is configured for, their models, and a langchain4j chat
 * model per handle. OpenAI-compatible servers (and the scripted test server) go through the
 * OpenAI client with a different base URL.
 */
@ApplicationScoped
public class LlmProviders {
  public static final String OPENAI = "openai";
  public static final String ANTHROPIC = "anthropic";
  public static final String OLLAMA = "ollama";
  public static final String SCRIPTED = "scripted";

  private static final Duration LISTING_TTL = Duration.ofMinutes(5);

  private final LlmSettings settings;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final Map<String, ChatModel> chatModels = new ConcurrentHashMap<>();
  private final Map<String, StreamingChatModel> streamingModels = new ConcurrentHashMap<>();
  private final Map<String, Listing> listings = new ConcurrentHashMap<>();

  LlmProviders(LlmSettings settings) {
    this.settings = settings;
    CompactRequestBodies.apply();
  }

  /** One model a provider offers. */
  public record ModelInfo(String provider, String model, String handle, int contextWindow, String endpoint) {
  }

  private record Listing(List<ModelInfo> models, long fetchedAt) {
  }

  /** Names of the configured providers, in a stable order. */
  public List<String> configured() {
    List<String> names = new ArrayList<>();
    if (settings.openai().apiKey().isPresent()) {
      names.add(OPENAI);
    }
    if (settings.anthropic().apiKey().isPresent()) {
      names.add(ANTHROPIC);
    }
    if (settings.ollama().baseUrl().isPresent()) {
      names.add(OLLAMA);
    }
    if (settings.scripted().baseUrl().isPresent()) {
      names.add(SCRIPTED);
    }
    return names;
  }

  /** The handle agents get when they are created without a model. */
  public Optional<String> defaultHandle() {
    if (settings.defaultModel().isPresent()) {
      return settings.defaultModel();
    }
    if (configured().contains(SCRIPTED) && configured().size() == 1) {
      return Optional.of(SCRIPTED + "/scripted-model");
    }
    return Optional.empty();
  }

  /** Every model of every configured provider; a provider that cannot be listed contributes none (logged). */
  public List<ModelInfo> models() {
    List<ModelInfo> all = new ArrayList<>();
    for (String provider : configured()) {
      all.addAll(models(provider));
    }
    return all;
  }

  private List<ModelInfo> models(String provider) {
    Listing cached = listings.get(provider);
    if (cached != null && System.currentTimeMillis() - cached.fetchedAt() < LISTING_TTL.toMillis()) {
      return cached.models();
    }
    try {
      List<ModelInfo> fetched = fetchModels(provider);
      listings.put(provider, new Listing(fetched, System.currentTimeMillis()));
      return fetched;
    } catch (Exception e) {
      Log.warnf("Could not list the models of provider %s: %s", provider, e.toString());
      return cached == null ? List.of() : cached.models();
    }
  }

  private List<ModelInfo> fetchModels(String provider) throws Exception {
    String base = baseUrl(provider);
    HttpRequest.Builder request = HttpRequest.newBuilder().timeout(Duration.ofSeconds(10));
    List<ModelInfo> out = new ArrayList<>();
    switch (provider) {
      case OLLAMA -> {
        JsonNode body = get(request.uri(URI.create(stripSlash(base) + "/api/tags")));
        for (JsonNode m : body.path("models")) {
          String name = m.path("name").asText();
          out.add(info(provider, name, base));
        }
      }
      case ANTHROPIC -> {
        request.header("x-api-key", settings.anthropic().apiKey().orElseThrow())
            .header("anthropic-version", "2023-06-01");
        JsonNode body = get(request.uri(URI.create(stripSlash(base) + "/models")));
        for (JsonNode m : body.path("data")) {
          out.add(info(provider, m.path("id").asText(), base));
        }
      }
      default -> {
        if (OPENAI.equals(provider)) {
          request.header("Authorization", "Bearer " + settings.openai().apiKey().orElseThrow());
        }
        JsonNode body = get(request.uri(URI.create(stripSlash(base) + "/models")));
        for (JsonNode m : body.path("data")) {
          out.add(info(provider, m.path("id").asText(), base));
        }
      }
    }
    return out;
  }

  private JsonNode get(HttpRequest.Builder request) throws Exception {
    HttpResponse<String> response = http.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("HTTP " + response.statusCode() + " listing models");
    }
    return Json.MAPPER.readTree(response.body());
  }

  private ModelInfo info(String provider, String model, String base) {
    return new ModelInfo(provider, model, provider + "/" + model, contextWindow(provider, model), base);
  }

  /**
   * Resolves a handle into the {@code llm_config} an agent stores; fails with a message naming the
   * environment variable to set when the provider is not configured.
   */
  public LlmConfig resolve(String handle, Integer contextWindowLimit) {
    ModelHandle h = ModelHandle.parse(handle);
    if (!configured().contains(h.provider())) {
      throw new IllegalArgumentException("Provider '" + h.provider() + "' of model handle '" + handle
          + "' is not configured on this server" + hint(h.provider()));
    }
    int window = contextWindow(h.provider(), h.model());
    if (contextWindowLimit != null) {
      window = Math.min(window, contextWindowLimit);
    }
    String endpointType = SCRIPTED.equals(h.provider()) ? OPENAI : h.provider();
    return new LlmConfig(h.model(), endpointType, baseUrl(h.provider()), window, handle, h.provider(), "base",
        0.7, null, false);
  }

  private static String hint(String provider) {
    return switch (provider) {
      case OPENAI -> " (set OPENAI_API_KEY, and OPENAI_BASE_URL for an OpenAI-compatible server)";
      case ANTHROPIC -> " (set ANTHROPIC_API_KEY)";
      case OLLAMA -> " (set OLLAMA_BASE_URL)";
      case SCRIPTED -> " (start the scripted model server and set ENGRAM_SCRIPTED_MODEL_URL)";
      default -> "; known providers are openai, anthropic, ollama and scripted (the test model)";
    };
  }

  /** The context window of a model: known windows of common models, else the configured default. */
  public int contextWindow(String provider, String model) {
    String m = model.toLowerCase();
    if (ANTHROPIC.equals(provider) || m.startsWith("claude")) {
      return 200_000;
    }
    if (m.startsWith("gpt-4.1")) {
      return 1_047_576;
    }
    if (m.startsWith("gpt-5")) {
      return 400_000;
    }
    if (m.startsWith("gpt-4o") || m.startsWith("gpt-4-turbo")) {
      return 128_000;
    }
    if (m.matches("o[1-9].*")) {
      return 200_000;
    }
    return settings.defaultContextWindow();
  }

  private String baseUrl(String provider) {
    return switch (provider) {
      case OPENAI -> settings.openai().baseUrl();
      case ANTHROPIC -> settings.anthropic().baseUrl();
      case OLLAMA -> settings.ollama().baseUrl().orElse("http://localhost:11434");
      case SCRIPTED -> settings.scripted().baseUrl().orElse("");
      default -> throw new IllegalArgumentException("Unknown provider " + provider);
    };
  }

  /** The langchain4j chat model for a handle, built once. Retries are the caller's job (see LlmClient). */
  public ChatModel chatModel(String handle) {
    return chatModels.computeIfAbsent(handle, this::build);
  }

  /** The langchain4j streaming chat model for a handle (token deltas), built once. */
  public StreamingChatModel streamingChatModel(String handle) {
    return streamingModels.computeIfAbsent(handle, this::buildStreaming);
  }

  private StreamingChatModel buildStreaming(String handle) {
    ModelHandle h = configuredHandle(handle);
    Duration timeout = settings.requestTimeout();
    return switch (h.provider()) {
      case ANTHROPIC -> AnthropicStreamingChatModel.builder()
          .apiKey(settings.anthropic().apiKey().orElseThrow())
          .baseUrl(settings.anthropic().baseUrl())
          .modelName(h.model()).maxTokens(4096).timeout(timeout).build();
      case OPENAI, SCRIPTED, OLLAMA -> OpenAiStreamingChatModel.builder()
          .baseUrl(openAiBaseUrl(h.provider()))
          .apiKey(openAiKey(h.provider()))
          .modelName(h.model()).timeout(timeout).build();
      default -> throw new LlmException(LlmException.Kind.NOT_CONFIGURED, "Unknown provider " + h.provider(), null);
    };
  }

  private ModelHandle configuredHandle(String handle) {
    ModelHandle h = ModelHandle.parse(handle);
    if (!configured().contains(h.provider())) {
      throw new LlmException(LlmException.Kind.NOT_CONFIGURED,
          "Provider '" + h.provider() + "' is not configured" + hint(h.provider()), null);
    }
    return h;
  }

  // Ollama serves an OpenAI-compatible API under /v1, so one client covers OpenAI, Ollama and the scripted model.
  private String openAiBaseUrl(String provider) {
    return OLLAMA.equals(provider) ? stripSlash(baseUrl(OLLAMA)) + "/v1" : baseUrl(provider);
  }

  private String openAiKey(String provider) {
    return OPENAI.equals(provider) ? settings.openai().apiKey().orElseThrow() : "scripted";
  }

  private ChatModel build(String handle) {
    ModelHandle h = configuredHandle(handle);
    Duration timeout = settings.requestTimeout();
    return switch (h.provider()) {
      case ANTHROPIC -> AnthropicChatModel.builder()
          .apiKey(settings.anthropic().apiKey().orElseThrow())
          .baseUrl(settings.anthropic().baseUrl())
          .modelName(h.model()).maxTokens(4096).timeout(timeout).maxRetries(0).build();
      case OPENAI, SCRIPTED, OLLAMA -> OpenAiChatModel.builder()
          .baseUrl(openAiBaseUrl(h.provider()))
          .apiKey(openAiKey(h.provider()))
          .modelName(h.model()).timeout(timeout).maxRetries(0).build();
      default -> throw new LlmException(LlmException.Kind.NOT_CONFIGURED, "Unknown provider " + h.provider(), null);
    };
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
