package dev.engram.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * Blocking client of the two Letta endpoints the benchmarks drive. HTTP/1.1 with keep-alive: the
 * JDK client keeps one connection per concurrent request and reuses it for the next one.
 */
public final class LettaClient {
  /** How long one message may take before it counts as a timeout: far beyond any goal. */
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(120);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http;
  private final String baseUrl;

  /**
   * The result of one message: HTTP status, time taken, stop reason and body; {@code transportError}
   * (status -1) says why no response came.
   */
  public record Outcome(int status, long nanos, String stopReason, String body, String transportError) {
    /** A 200 whose run ended normally. */
    public boolean ok() {
      return status == 200 && "end_turn".equals(stopReason);
    }

    /** The run that answered (the run_id of the first message), or null. */
    public String runId() {
      try {
        JsonNode id = JSON.readTree(body).path("messages").path(0).path("run_id");
        return id.isTextual() ? id.asText() : null;
      } catch (IOException | RuntimeException e) {
        return null;
      }
    }

    /** Counts this outcome in {@code errors} unless it is {@link #ok()}. */
    public void tallyFailure(ErrorTally errors) {
      if (transportError != null) {
        errors.record(transportError, body);
      } else if (status != 200) {
        errors.record("HTTP " + status, body);
      } else if (!ok()) {
        errors.record("HTTP 200 stop_reason=" + stopReason, body);
      }
    }
  }

  /** A request the platform refused; {@code kind} groups it in an {@link ErrorTally}, e.g. {@code HTTP 500}. */
  public static final class RequestFailed extends IOException {
    private final String kind;

    RequestFailed(String kind, String message) {
      super(message);
      this.kind = kind;
    }

    public String kind() {
      return kind;
    }
  }

  public LettaClient(String baseUrl) {
    this.baseUrl = baseUrl;
    this.http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10))
        .build();
  }

  /**
   * Creates an agent on the scripted model with human and persona blocks; returns its id. Throws
   * {@link RequestFailed} for a refusal and plain IOException when no answer came.
   */
  public String createAgent(String name) throws IOException, InterruptedException {
    return createAgent(name, null);
  }

  /** The same, with {@code context_window_limit} set when it is not null. */
  public String createAgent(String name, Integer contextWindowLimit) throws IOException, InterruptedException {
    ObjectNode body = JSON.createObjectNode()
        .put("name", name)
        .put("model", "scripted/scripted-model");
    if (contextWindowLimit != null) {
      body.put("context_window_limit", contextWindowLimit);
    }
    body.putArray("memory_blocks")
        .add(JSON.createObjectNode().put("label", "human").put("value", "The human is a benchmark driver."))
        .add(JSON.createObjectNode().put("label", "persona").put("value", "I am a terse benchmark agent."));
    HttpResponse<String> response = http.send(post("/v1/agents/", body), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      throw new RequestFailed("HTTP " + response.statusCode(),
          "POST /v1/agents/ answered HTTP " + response.statusCode() + ": " + response.body());
    }
    JsonNode id = JSON.readTree(response.body()).get("id");
    if (id == null || !id.isTextual()) {
      throw new RequestFailed("no id", "POST /v1/agents/ answered without an id: " + response.body());
    }
    return id.asText();
  }

  /** Sends one user message and waits for the run; never throws for HTTP or I/O failures. */
  public Outcome sendMessage(String agentId, String text) throws InterruptedException {
    ObjectNode body = JSON.createObjectNode();
    body.putArray("messages").add(JSON.createObjectNode().put("role", "user").put("content", text));
    HttpRequest request = post("/v1/agents/" + agentId + "/messages", body);
    long start = System.nanoTime();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (HttpTimeoutException e) {
      return new Outcome(-1, System.nanoTime() - start, null, "no answer within " + REQUEST_TIMEOUT, "timeout");
    } catch (IOException e) {
      return new Outcome(-1, System.nanoTime() - start, null, e.toString(), "I/O error");
    }
    long nanos = System.nanoTime() - start;
    if (response.statusCode() != 200) {
      return new Outcome(response.statusCode(), nanos, null, response.body(), null);
    }
    return new Outcome(200, nanos, stopReason(response.body()), response.body(), null);
  }

  /** {@code GET path} as JSON; throws {@link RequestFailed} unless the answer is a 2xx. */
  public JsonNode get(String path) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(REQUEST_TIMEOUT).GET().build();
    return json("GET " + path, http.send(request, HttpResponse.BodyHandlers.ofString()));
  }

  /** {@code PATCH path} with a JSON body; throws {@link RequestFailed} unless the answer is a 2xx. */
  public JsonNode patch(String path, JsonNode body) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(REQUEST_TIMEOUT)
        .header("Content-Type", "application/json")
        .method("PATCH", HttpRequest.BodyPublishers.ofString(body.toString())).build();
    return json("PATCH " + path, http.send(request, HttpResponse.BodyHandlers.ofString()));
  }

  private static JsonNode json(String what, HttpResponse<String> response) throws IOException {
    if (response.statusCode() / 100 != 2) {
      throw new RequestFailed("HTTP " + response.statusCode(),
          what + " answered HTTP " + response.statusCode() + ": " + response.body());
    }
    return JSON.readTree(response.body());
  }

  private static String stopReason(String body) {
    try {
      JsonNode reason = JSON.readTree(body).path("stop_reason");
      return reason.isTextual() ? reason.asText() : reason.path("stop_reason").asText("missing");
    } catch (IOException e) {
      return "unparseable";
    }
  }

  private HttpRequest post(String path, JsonNode body) {
    return HttpRequest.newBuilder(URI.create(baseUrl + path))
        .timeout(REQUEST_TIMEOUT)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
        .build();
  }
}
