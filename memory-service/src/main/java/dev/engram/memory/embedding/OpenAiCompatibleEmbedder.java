package dev.engram.memory.embedding;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.contracts.Json;
import dev.engram.contracts.api.EmbeddingConfig;
import dev.engram.platform.rest.ApiException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An OpenAI-compatible embeddings endpoint ({@code POST {base}/embeddings}): OpenAI itself, or any server
 * speaking its API (vLLM, Ollama, the project's scripted model). The dimension is known for OpenAI's
 * models, read from a {@code -<dims>} suffix, or learnt from one probe call.
 */
public final class OpenAiCompatibleEmbedder implements Embedder {
  private static final int MAX_INPUTS_PER_REQUEST = 256;
  private static final Map<String, Integer> KNOWN_DIMS = Map.of(
      "text-embedding-3-small", 1536, "text-embedding-3-large", 3072, "text-embedding-ada-002", 1536);

  private final String handle;
  private final String endpointType;
  private final String baseUrl;
  private final String apiKey;
  private final String model;
  private final HttpClient http;
  private volatile EmbeddingConfig config;

  /** {@code baseUrl} ends in {@code /v1} (or wherever {@code /embeddings} lives); {@code apiKey} may be null. */
  public OpenAiCompatibleEmbedder(String handle, String endpointType, String baseUrl, String apiKey, String model,
      HttpClient http) {
    this.handle = handle;
    this.endpointType = endpointType;
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.apiKey = apiKey;
    this.model = model;
    this.http = http;
  }

  @Override
  public EmbeddingConfig config() {
    EmbeddingConfig c = config;
    if (c == null) {
      Integer dims = KNOWN_DIMS.get(model);
      if (dims == null) {
        dims = suffixDims(model);
      }
      if (dims == null) {
        dims = embed(List.of("dimension probe")).get(0).length;
      }
      c = new EmbeddingConfig(endpointType, baseUrl, model, dims, 300, handle, 32);
      config = c;
    }
    return c;
  }

  @Override
  public List<float[]> embed(List<String> texts) {
    List<float[]> out = new ArrayList<>(texts.size());
    for (int from = 0; from < texts.size(); from += MAX_INPUTS_PER_REQUEST) {
      out.addAll(call(texts.subList(from, Math.min(texts.size(), from + MAX_INPUTS_PER_REQUEST))));
    }
    return out;
  }

  private List<float[]> call(List<String> texts) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("model", model);
    body.put("input", texts.stream().map(t -> t.isEmpty() ? " " : t).toList());
    body.put("encoding_format", "float");
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + "/embeddings"))
        .timeout(Duration.ofSeconds(60))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(Json.write(body)));
    if (apiKey != null && !apiKey.isBlank()) {
      request.header("Authorization", "Bearer " + apiKey);
    }
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw ApiException.unavailable("Embedding model " + handle + " is unreachable: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApiException.unavailable("Interrupted while calling embedding model " + handle);
    }
    if (response.statusCode() != 200) {
      throw ApiException.unavailable("Embedding model " + handle + " answered HTTP " + response.statusCode() + ": "
          + abbreviate(response.body()));
    }
    JsonNode data = Json.read(response.body(), JsonNode.class).path("data");
    if (!data.isArray() || data.size() != texts.size()) {
      throw ApiException.unavailable("Embedding model " + handle + " returned " + data.size() + " embeddings for "
          + texts.size() + " inputs");
    }
    float[][] vectors = new float[texts.size()][];
    for (int i = 0; i < data.size(); i++) {
      JsonNode item = data.get(i);
      int index = item.path("index").asInt(i);
      JsonNode values = item.path("embedding");
      float[] v = new float[values.size()];
      for (int d = 0; d < v.length; d++) {
        v[d] = (float) values.get(d).asDouble();
      }
      vectors[index] = Vectors.normalized(v);
    }
    return List.of(vectors);
  }

  private static Integer suffixDims(String model) {
    int dash = model.lastIndexOf('-');
    if (dash < 0 || dash == model.length() - 1) {
      return null;
    }
    String tail = model.substring(dash + 1);
    return tail.chars().allMatch(Character::isDigit) && tail.length() <= 5 ? Integer.valueOf(tail) : null;
  }

  private static String abbreviate(String s) {
    return s == null ? "" : s.length() > 300 ? s.substring(0, 300) + "..." : s;
  }
}
