package dev.engram.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain HTTP client of Engram's Letta API for the Java end-to-end tests: what any non-SDK client
 * would send, read as untyped JSON so that the tests see the wire format.
 */
public final class LettaApi {
  /** The scripted model's handle. */
  public static final String MODEL = "scripted/scripted-model";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int PAGE = 1000;

  private final String baseUrl;
  private final HttpClient http;

  public LettaApi(String baseUrl) {
    this.baseUrl = baseUrl;
    // HTTP/1.1 because the JDK would otherwise try an h2c upgrade on every new connection.
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
  }

  /** A reply: status and body, the body parsed when it is JSON. */
  public record Reply(int status, String text) {
    public JsonNode json() {
      try {
        return JSON.readTree(text);
      } catch (JsonProcessingException e) {
        throw new AssertionError("Not JSON (" + status + "): " + text, e);
      }
    }
  }

  /** Creates an agent on the scripted model with a {@code human} and a {@code persona} block. */
  public JsonNode createAgent(String name) {
    ObjectNode body = JSON.createObjectNode().put("name", name).put("model", MODEL);
    ArrayNode blocks = body.putArray("memory_blocks");
    blocks.addObject().put("label", "human").put("value", "The user's name is unknown.");
    blocks.addObject().put("label", "persona").put("value", "I am a helpful assistant.");
    Reply reply = send(HttpRequest.newBuilder(uri("/v1/agents/")).timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    assertThat(reply.status()).as("create agent %s: %s", name, reply.text()).isEqualTo(200);
    return reply.json();
  }

  /** Sends one user message and waits, up to {@code timeout}, for the run's response. */
  public Reply sendMessage(String agentId, String content, Duration timeout) {
    ObjectNode body = JSON.createObjectNode();
    body.putArray("messages").addObject().put("role", "user").put("content", content);
    return send(HttpRequest.newBuilder(uri("/v1/agents/" + agentId + "/messages")).timeout(timeout)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
  }

  /** POSTs a JSON body; the reply whatever its status. */
  public Reply post(String path, JsonNode body) {
    return send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
  }

  public JsonNode run(String runId) {
    return getJson("/v1/runs/" + runId);
  }

  public JsonNode block(String agentId, String label) {
    return getJson("/v1/agents/" + agentId + "/core-memory/blocks/" + label);
  }

  /** The agent's whole history, oldest first, read in pages of 1000 with {@code after} cursors. */
  public List<JsonNode> history(String agentId) {
    List<JsonNode> all = new ArrayList<>();
    String after = null;
    while (true) {
      String query = "?order=asc&limit=" + PAGE + (after == null ? "" : "&after=" + encode(after));
      JsonNode page = getJson("/v1/agents/" + agentId + "/messages" + query);
      if (page.isEmpty()) {
        return all;
      }
      page.forEach(all::add);
      after = page.get(page.size() - 1).get("id").asText();
    }
  }

  private JsonNode getJson(String path) {
    Reply reply = send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).GET());
    assertThat(reply.status()).as("GET %s: %s", path, reply.text()).isEqualTo(200);
    return reply.json();
  }

  private Reply send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(response.statusCode(), response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted", e);
    }
  }

  private URI uri(String path) {
    return URI.create(baseUrl + path);
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /** The {@code message_type} of a Letta message. */
  public static String type(JsonNode message) {
    return message.path("message_type").asText();
  }

  /** A message's text, whether the server sent a string or a list of content parts. */
  public static String text(JsonNode message) {
    JsonNode content = message.path("content");
    if (content.isTextual()) {
      return content.asText();
    }
    StringBuilder text = new StringBuilder();
    content.forEach(part -> text.append(part.isTextual() ? part.asText() : part.path("text").asText()));
    return text.toString();
  }
}
