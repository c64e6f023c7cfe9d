package dev.engram.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.local.Platform;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Streaming figures: token streaming through Engram against the scripted model's own stream of the same reply,
 * and many idle SSE streams (resumes of one long background run) held by one agent-api instance.
 */
final class StreamsBench {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(30)).build();

  private final Platform platform;

  StreamsBench(Platform platform) {
    this.platform = platform;
  }

  /** One streamed reply: when its first and last content piece arrived (ns after the request), and how many. */
  record Timing(long firstNanos, long lastNanos, int pieces) {
  }

  /** Token streaming: Engram's chunks and the model's own pieces, per iteration. */
  record Tokens(List<Timing> engram, List<Timing> model, ErrorTally errors) {
  }

  /**
   * Streams {@code warmup} untimed and {@code iterations} timed replies of {@code pieces} tokens: each first
   * straight from the scripted model, then through {@code POST /v1/agents/{id}/messages/stream} with
   * stream_tokens.
   */
  Tokens tokens(String agentId, int pieces, int warmup, int iterations) throws InterruptedException {
    List<Timing> engram = new ArrayList<>();
    List<Timing> model = new ArrayList<>();
    ErrorTally errors = new ErrorTally();
    String reply = "word".repeat(pieces);
    for (int i = -warmup; i < iterations; i++) {
      String text = "Stream " + i + ". <<script>> [{\"text\": \"" + reply + "\"}] <</script>>";
      try {
        Timing direct = modelStream(text);
        Timing t = engramStream(agentId, text);
        if (i < 0) {
          continue; // warm-up (JIT, first run of the agent)
        }
        model.add(direct);
        if (t.pieces() == 0) {
          errors.record("no chunks", "the stream carried no assistant_message chunk (step-runner without"
              + " MessageChunk events?)");
        } else {
          engram.add(t);
        }
      } catch (IOException e) {
        errors.record("I/O", e.toString());
      }
    }
    return new Tokens(engram, model, errors);
  }

  private Timing modelStream(String text) throws IOException, InterruptedException {
    ObjectNode body = JSON.createObjectNode().put("model", "scripted-model").put("stream", true);
    body.putArray("messages").add(JSON.createObjectNode().put("role", "user").put("content", text));
    return timed(URI.create(platform.scripted().baseUrl() + "/chat/completions"), body,
        chunk -> chunk.path("choices").path(0).path("delta").path("content").asText("").isEmpty() ? 0 : 1);
  }

  private Timing engramStream(String agentId, String text) throws IOException, InterruptedException {
    ObjectNode body = JSON.createObjectNode().put("stream_tokens", true).put("include_pings", false);
    body.putArray("messages").add(JSON.createObjectNode().put("role", "user").put("content", text));
    return timed(URI.create(platform.apiUrl() + "/v1/agents/" + agentId + "/messages/stream"), body,
        chunk -> "assistant_message".equals(chunk.path("message_type").asText()) ? 1 : 0);
  }

  private interface Counter {
    int count(JsonNode chunk);
  }

  private static Timing timed(URI uri, ObjectNode body, Counter counter) throws IOException, InterruptedException {
    long start = System.nanoTime();
    HttpResponse<InputStream> response = HTTP.send(request(uri, body), HttpResponse.BodyHandlers.ofInputStream());
    if (response.statusCode() != 200) {
      throw new IOException(uri + " answered HTTP " + response.statusCode());
    }
    long first = -1;
    long last = -1;
    int pieces = 0;
    try (BufferedReader in = reader(response)) {
      String line;
      while ((line = in.readLine()) != null) {
        if (!line.startsWith("data:")) {
          continue;
        }
        String data = line.substring(5).strip();
        if (data.equals("[DONE]")) {
          break;
        }
        if (counter.count(JSON.readTree(data)) > 0) {
          long now = System.nanoTime() - start;
          first = first < 0 ? now : first;
          last = now;
          pieces++;
        }
      }
    }
    return new Timing(first, last, pieces);
  }

  /** Idle streams: how many opened, got a keepalive ping, and ended with [DONE]; agent-api heap before and after. */
  record Idle(int requested, int opened, int pinged, int done, long heapBefore, long heapOpen, double openSeconds,
      ErrorTally errors) {
  }

  /**
   * Starts one background run whose model answer takes {@code runMillis}, opens {@code n} resume streams of it
   * ({@code POST /v1/runs/{id}/stream}) and holds them past one keepalive interval, then waits for the run's end
   * to reach every stream.
   */
  Idle idle(String agentId, int n, long runMillis, Duration keepalive) throws Exception {
    ErrorTally errors = new ErrorTally();
    ObjectNode send = JSON.createObjectNode().put("background", true);
    send.putArray("messages").add(JSON.createObjectNode().put("role", "user")
        .put("content", "Take your time. <<latency:" + runMillis + ">>"));
    HttpResponse<InputStream> first = HTTP.send(request(URI.create(platform.apiUrl() + "/v1/agents/" + agentId
        + "/messages/stream"), send), HttpResponse.BodyHandlers.ofInputStream());
    String runId;
    try (BufferedReader in = reader(first)) {
      String line = in.readLine();
      while (line != null && !line.startsWith("data:")) {
        line = in.readLine();
      }
      if (line == null) {
        throw new IOException("the background stream ended before its first ping");
      }
      runId = JSON.readTree(line.substring(5).strip()).path("run_id").asText();
    }
    long heapBefore = liveHeap();
    AtomicInteger opened = new AtomicInteger();
    AtomicInteger pinged = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    CountDownLatch finished = new CountDownLatch(n);
    Semaphore opening = new Semaphore(200);
    ObjectNode resume = JSON.createObjectNode().put("starting_after", 0).put("include_pings", true);
    URI uri = URI.create(platform.apiUrl() + "/v1/runs/" + runId + "/stream");
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      opening.acquire();
      Thread.ofVirtual().start(() -> {
        boolean released = false;
        try {
          HttpResponse<InputStream> r = HTTP.send(request(uri, resume), HttpResponse.BodyHandlers.ofInputStream());
          opening.release();
          released = true;
          if (r.statusCode() != 200) {
            synchronized (errors) {
              errors.record("HTTP " + r.statusCode(), "resume answered HTTP " + r.statusCode());
            }
            return;
          }
          opened.incrementAndGet();
          boolean sawPing = false;
          try (BufferedReader in = reader(r)) {
            String line;
            while ((line = in.readLine()) != null) {
              if (!sawPing && line.contains("\"ping\"")) {
                sawPing = true;
                pinged.incrementAndGet();
              }
              if (line.startsWith("data:") && line.substring(5).strip().equals("[DONE]")) {
                done.incrementAndGet();
                break;
              }
            }
          }
        } catch (IOException e) {
          synchronized (errors) {
            errors.record("I/O", e.toString());
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } finally {
          if (!released) {
            opening.release();
          }
          finished.countDown();
        }
      });
    }
    // RESTEasy sends the headers with the first event, so a resume with nothing to replay counts as open once
    // its first keepalive ping arrives: wait one interval and a margin.
    long deadline = System.nanoTime() + keepalive.toNanos() + TimeUnit.SECONDS.toNanos(30);
    while (opened.get() + (int) errors.total() < n && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(200);
    }
    double openSeconds = (System.nanoTime() - start) / 1e9;
    TimeUnit.MILLISECONDS.sleep(keepalive.toMillis() + 2000);
    long heapOpen = liveHeap();
    finished.await(runMillis + 120_000, TimeUnit.MILLISECONDS);
    return new Idle(n, opened.get(), pinged.get(), done.get(), heapBefore, heapOpen, openSeconds, errors);
  }

  /** agent-api's heap after a full GC (jcmd GC.run), from its Prometheus metrics; -1 if unavailable. */
  private long liveHeap() {
    try {
      long pid = platform.pid(Platform.Service.AGENT_API);
      Process gc = new ProcessBuilder(System.getProperty("java.home") + "/bin/jcmd", Long.toString(pid), "GC.run")
          .redirectErrorStream(true).start();
      gc.getInputStream().readAllBytes();
      gc.waitFor(60, TimeUnit.SECONDS);
      HttpResponse<String> metrics = HTTP.send(HttpRequest.newBuilder(URI.create(platform.url(
          Platform.Service.AGENT_API) + "/q/metrics")).GET().build(), HttpResponse.BodyHandlers.ofString());
      long used = 0;
      for (String line : metrics.body().split("\n")) {
        if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
          used += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
      }
      return used;
    } catch (IOException | RuntimeException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private static HttpRequest request(URI uri, ObjectNode body) {
    return HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(10)).header("Content-Type", "application/json")
        .header("Accept", "text/event-stream").POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
  }

  private static BufferedReader reader(HttpResponse<InputStream> response) {
    return new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
  }
}
