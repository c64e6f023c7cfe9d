package dev.engram.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The cost of the custom-tool sandbox: an empty Python tool run through tool-executor's internal run endpoint
 * (one fresh isolated Python process per call), first one call at a time for the latency, then with several
 * callers at once for the calls per second the machine sustains. Kafka and step-runner are not in these figures.
 */
final class SandboxBench {
  static final String EMPTY_TOOL = "def empty_tool() -> str:\n    \"\"\"Does nothing.\"\"\"\n    return \"ok\"\n";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final URI runUri;
  private final String body;

  SandboxBench(String toolExecutorUrl) {
    this.runUri = URI.create(toolExecutorUrl + "/internal/tools/run");
    ObjectNode request = JSON.createObjectNode();
    request.putObject("tool").put("name", "empty_tool").put("tool_type", "custom").put("source_type", "python")
        .put("source_code", EMPTY_TOOL);
    request.putObject("args");
    this.body = request.toString();
  }

  /** Latencies of {@code n} sequential calls after {@code warmup} untimed ones; errors counted. */
  Sequential sequential(int warmup, int n) throws IOException, InterruptedException {
    for (int i = 0; i < warmup; i++) {
      call();
    }
    long[] nanos = new long[n];
    int errors = 0;
    for (int i = 0; i < n; i++) {
      long start = System.nanoTime();
      if (!call()) {
        errors++;
      }
      nanos[i] = System.nanoTime() - start;
    }
    return new Sequential(LatencyStats.of(nanos), errors);
  }

  /** Calls per second with {@code callers} concurrent callers for {@code duration}. */
  Concurrent concurrent(int callers, Duration duration) throws Exception {
    AtomicInteger done = new AtomicInteger();
    AtomicInteger errors = new AtomicInteger();
    long end = System.nanoTime() + duration.toNanos();
    long start = System.nanoTime();
    List<Future<?>> futures = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int c = 0; c < callers; c++) {
        futures.add(pool.submit(() -> {
          while (System.nanoTime() < end) {
            if (call()) {
              done.incrementAndGet();
            } else {
              errors.incrementAndGet();
            }
          }
          return null;
        }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Concurrent(callers, done.get() / seconds, errors.get());
  }

  record Sequential(LatencyStats stats, int errors) {
  }

  record Concurrent(int callers, double perSecond, int errors) {
  }

  private boolean call() throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(runUri).timeout(Duration.ofSeconds(60))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      return false;
    }
    JsonNode result = JSON.readTree(response.body());
    return "success".equals(result.path("status").asText()) && "ok".equals(result.path("tool_return").asText());
  }
}
