package dev.engram.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Archival memory figures against memory-service: insert throughput, search latency (the public hybrid
 * endpoint and the vector index alone), recall@10 of the HNSW graph against exact search, and the time to
 * rebuild an archive's index from PostgreSQL, at two archive sizes. The big corpus is embedded by the
 * scripted model server's hashed bag-of-words embeddings (handle {@code scripted/hash-embedding-384}), so
 * the figures measure memory-service, not a model; all-MiniLM-L6-v2 insert throughput is measured apart
 * on a smaller batch.
 */
final class ArchivalBench {
  static final double GOAL_P95_MS = 10;
  static final double GOAL_RECALL = 0.95;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int BATCH = 500;
  private static final int QUERIES = 200;
  private static final int MINILM_PASSAGES = 512;
  private static final int MINILM_BATCH = 32;

  /** One archive size's figures. */
  record SizeResult(int passages, double insertPerSecond, LatencyStats hybrid, LatencyStats vectorHttp,
      LatencyStats index,
      LatencyStats exact, double recall, long loadMillis, long graphMillis, Map<String, LatencyStats> server) {
  }

  /** All figures. */
  record Result(List<SizeResult> sizes, double miniLmPerSecond) {
  }

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final String base;
  private final PrintStream out;
  private final Random random = new Random(20261121);
  private final List<String> vocabulary = new ArrayList<>();

  ArchivalBench(String memoryServiceUrl, PrintStream out) {
    this.base = memoryServiceUrl;
    this.out = out;
    for (int i = 0; i < COMMON_WORDS + TOPICS * TOPIC_WORDS; i++) {
      vocabulary.add(word(i));
    }
  }

  /** Words shared by every topic (like "meeting", "today") and the topics notes are about. */
  private static final int COMMON_WORDS = 300;
  private static final int TOPICS = 500;
  private static final int TOPIC_WORDS = 40;

  /** Fills one archive up to each of {@code sizes} passages and measures at each size. */
  Result run(int[] sizes) throws IOException, InterruptedException {
    String archive = post("/v1/archives", Map.of("name", "bench-" + System.nanoTime(),
        "embedding", "scripted/hash-embedding-384")).path("id").asText();
    List<String> sample = new ArrayList<>();
    List<SizeResult> results = new ArrayList<>();
    int stored = 0;
    for (int size : sizes) {
      long start = System.nanoTime();
      while (stored < size) {
        int n = Math.min(BATCH, size - stored);
        List<Map<String, Object>> passages = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          String text = sentence(stored + i);
          if (random.nextInt(50) == 0 && sample.size() < 2 * QUERIES) {
            sample.add(text);
          }
          passages.add(Map.of("text", text, "tags", List.of("t" + random.nextInt(10))));
        }
        post("/v1/archives/" + archive + "/passages/batch", Map.of("passages", passages));
        stored += n;
      }
      double insertRate = (size - (results.isEmpty() ? 0 : results.getLast().passages()))
          / ((System.nanoTime() - start) / 1e9);
      post("/internal/archival/archives/" + archive + "/index/await", Map.of());
      out.printf("   %,d passages stored (%.0f passages/s through POST /v1/archives/{id}/passages/batch)%n", size,
          insertRate);

      long[] hybrid = new long[QUERIES];
      long[] vectorHttp = new long[QUERIES];
      long[] index = new long[QUERIES];
      long[] exact = new long[QUERIES];
      Map<String, long[]> phases = new LinkedHashMap<>();
      double recall = 0;
      for (int q = 0; q < QUERIES; q++) {
        String query = perturb(sample.get(q % sample.size()));
        long t0 = System.nanoTime();
        post("/v1/passages/search", Map.of("query", query, "archive_id", archive, "limit", 10));
        hybrid[q] = System.nanoTime() - t0;
        long t1 = System.nanoTime();
        JsonNode approx = post("/internal/archival/archives/" + archive + "/index/search",
            Map.of("query", query, "top_k", 10));
        vectorHttp[q] = System.nanoTime() - t1;
        JsonNode truth = post("/internal/archival/archives/" + archive + "/index/search",
            Map.of("query", query, "top_k", 10, "exact", true));
        JsonNode profile = post("/internal/archival/archives/" + archive + "/search/profile",
            Map.of("query", query, "limit", 10)).path("micros");
        for (var phase : profile.properties()) {
          phases.computeIfAbsent(phase.getKey(), k -> new long[QUERIES])[q] = phase.getValue().asLong() * 1_000;
        }
        index[q] = approx.path("micros").asLong() * 1_000;
        exact[q] = truth.path("micros").asLong() * 1_000;
        Set<String> expected = ids(truth);
        long hit = ids(approx).stream().filter(expected::contains).count();
        recall += expected.isEmpty() ? 1 : (double) hit / expected.size();
      }
      JsonNode reload = post("/internal/archival/archives/" + archive + "/index/reload", Map.of());
      results.add(new SizeResult(size, insertRate, LatencyStats.of(hybrid), LatencyStats.of(vectorHttp),
          LatencyStats.of(index),
          LatencyStats.of(exact), recall / QUERIES, reload.path("load_ms").asLong(),
          reload.path("graph_ms").asLong(), server(phases)));
    }
    return new Result(results, miniLm());
  }

  private double miniLm() throws IOException, InterruptedException {
    String archive = post("/v1/archives", Map.of("name", "bench-minilm-" + System.nanoTime())).path("id").asText();
    // The first call loads the model (if the warm-up has not yet): keep it out of the figure.
    post("/v1/archives/" + archive + "/passages", Map.of("text", "warm-up"));
    long start = System.nanoTime();
    for (int done = 0; done < MINILM_PASSAGES; done += MINILM_BATCH) {
      List<Map<String, Object>> passages = new ArrayList<>();
      for (int i = 0; i < MINILM_BATCH; i++) {
        passages.add(Map.of("text", sentence(done + i)));
      }
      post("/v1/archives/" + archive + "/passages/batch", Map.of("passages", passages));
    }
    return MINILM_PASSAGES / ((System.nanoTime() - start) / 1e9);
  }

  /**
   * A 10 to 20 word note about one topic: mostly words of that topic, some common words, and a unique
   * reference, so passages cluster by topic as real notes do.
   */
  private String sentence(int n) {
    int topic = random.nextInt(TOPICS);
    int words = 10 + random.nextInt(11);
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < words; i++) {
      int w = random.nextInt(3) == 0 ? random.nextInt(COMMON_WORDS)
          : COMMON_WORDS + topic * TOPIC_WORDS + random.nextInt(TOPIC_WORDS);
      s.append(vocabulary.get(w)).append(' ');
    }
    return s.append("ref-").append(n).toString();
  }

  /** A short query about a stored note: 4 to 7 of its words (no reference) and one unrelated word. */
  private String perturb(String text) {
    List<String> words = new ArrayList<>(List.of(text.split(" ")));
    words.removeLast();
    java.util.Collections.shuffle(words, random);
    List<String> query = new ArrayList<>(words.subList(0, Math.min(words.size(), 4 + random.nextInt(4))));
    query.add(vocabulary.get(random.nextInt(vocabulary.size())));
    return String.join(" ", query);
  }

  private static String word(int i) {
    String syllables = "ka lo mi re su ta ne vo ri pa du ge sho lin mar tes";
    String[] parts = syllables.split(" ");
    StringBuilder w = new StringBuilder();
    int x = i + 17;
    do {
      w.append(parts[x % parts.length]);
      x /= parts.length;
    } while (x > 0);
    return w.toString();
  }

  private static Set<String> ids(JsonNode search) {
    Set<String> ids = new HashSet<>();
    search.path("hits").forEach(h -> ids.add(h.path("id").asText()));
    return ids;
  }

  private JsonNode post(String path, Object body) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(base + path))
        .timeout(Duration.ofMinutes(30))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
        .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      throw new IOException("POST " + path + " answered " + response.statusCode() + ": " + response.body());
    }
    return response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
  }

  private static Map<String, LatencyStats> server(Map<String, long[]> phases) {
    Map<String, LatencyStats> out = new LinkedHashMap<>();
    phases.forEach((phase, nanos) -> out.put(phase, LatencyStats.of(nanos)));
    return out;
  }

  /** Figures as rows for the report. */
  static Map<String, String> describe(SizeResult r) {
    Map<String, String> rows = new LinkedHashMap<>();
    rows.put("insert", String.format("%.0f passages/s", r.insertPerSecond()));
    rows.put("hybrid search p50/p95", String.format("%.2f / %.2f ms", LatencyStats.millis(r.hybrid().p50()),
        LatencyStats.millis(r.hybrid().p95())));
    rows.put("  vector only, HTTP p50/p95", String.format("%.2f / %.2f ms", LatencyStats.millis(r.vectorHttp().p50()),
        LatencyStats.millis(r.vectorHttp().p95())));
    rows.put("  index alone p50/p95", String.format("%.2f / %.2f ms", LatencyStats.millis(r.index().p50()),
        LatencyStats.millis(r.index().p95())));
    rows.put("  exact scan p50/p95", String.format("%.2f / %.2f ms", LatencyStats.millis(r.exact().p50()),
        LatencyStats.millis(r.exact().p95())));
    r.server().forEach((phase, stats) -> rows.put("  hybrid, server side: " + phase + " p50/p95",
        String.format("%.2f / %.2f ms", LatencyStats.millis(stats.p50()), LatencyStats.millis(stats.p95()))));
    rows.put("recall@10 vs exact", String.format("%.3f", r.recall()));
    rows.put("rebuild from PostgreSQL", String.format("load %d ms + graph %d ms", r.loadMillis(), r.graphMillis()));
    return rows;
  }
}
