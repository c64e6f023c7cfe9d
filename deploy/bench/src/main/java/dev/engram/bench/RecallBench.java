package dev.engram.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engram.local.EngramInfra;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.IntFunction;

/**
 * Recall search over one agent with a large history: loads {@code messages} messages straight into
 * memory-service's {@code recall_messages} (SQL batches; vectors from a seeded Gaussian generator, not
 * MiniLM, so 100k rows load in seconds; their similarity to a MiniLM query is meaningless, their cost is
 * not), then times {@code POST /v1/messages/search} per search mode and the conversation_search tool.
 * Each query is still embedded by MiniLM at search time, as in production.
 */
public final class RecallBench {
  static final int DIM = 384;
  /** Pseudo-words drawn with Zipf frequencies (s = 1), as words are in conversation: a few common, most rare. */
  private static final int VOCABULARY = 5_000;
  private static final double[] ZIPF_CDF = zipfCdf(VOCABULARY);
  /** Queries of every selectivity: a rare word, a common word, several words, an order number that exists. */
  private static final String[] QUERIES = {word(2_000), word(40), word(300) + " " + word(900), "ORD-41230",
      "what did we say about " + word(150), word(10), word(700), "ORD-7", word(25) + " " + word(3_000),
      "remind me about the " + word(1_200)};
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Latencies per search path, and how long the load and the first (vector-loading) search took. */
  public record Result(int messages, double loadSeconds, long firstSearchNanos, Map<String, LatencyStats> latencies,
      int errors) {
  }

  private RecallBench() {
  }

  /** Loads the history and times {@code iterations} searches per path after {@code warmup} untimed ones. */
  public static Result run(EngramInfra infra, String memoryUrl, int messages, int warmup, int iterations)
      throws Exception {
    String agent = "agent-" + UUID.randomUUID();
    long loadStart = System.nanoTime();
    load(infra, agent, messages);
    double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    int[] errors = {0};
    long first = System.nanoTime();
    call(http, search(memoryUrl, agent, "vector", QUERIES[0]), errors);
    long firstSearch = System.nanoTime() - first;

    Map<String, LatencyStats> latencies = new LinkedHashMap<>();
    for (String mode : List.of("fts", "vector", "hybrid", "conversation_search")) {
      for (int i = 0; i < warmup; i++) {
        call(http, request(memoryUrl, agent, mode, QUERIES[i % QUERIES.length]), errors);
      }
      long[] nanos = new long[iterations];
      for (int i = 0; i < iterations; i++) {
        HttpRequest r = request(memoryUrl, agent, mode, QUERIES[i % QUERIES.length]);
        long t = System.nanoTime();
        call(http, r, errors);
        nanos[i] = System.nanoTime() - t;
      }
      latencies.put(mode, LatencyStats.of(nanos));
    }
    return new Result(messages, loadSeconds, firstSearch, latencies, errors[0]);
  }

  private static HttpRequest request(String base, String agent, String mode, String query) throws Exception {
    if (!mode.equals("conversation_search")) {
      return search(base, agent, mode, query);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("agent_id", agent);
    body.put("run_id", "run-bench");
    body.put("step_id", "step-bench");
    body.put("tool_call_id", "call-" + UUID.randomUUID());
    body.put("idempotency_key", "bench-" + UUID.randomUUID());
    body.put("tool_name", "conversation_search");
    body.put("arguments", JSON.writeValueAsString(Map.of("query", query)));
    return post(base + "/internal/tools/execute", body);
  }

  private static HttpRequest search(String base, String agent, String mode, String query) throws Exception {
    return post(base + "/v1/messages/search", Map.of("agent_id", agent, "query", query, "search_mode", mode, "limit", 5));
  }

  private static HttpRequest post(String url, Object body) throws Exception {
    return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
  }

  private static void call(HttpClient http, HttpRequest r, int[] errors) throws Exception {
    HttpResponse<String> response = http.send(r, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200 || response.body().contains("\"status\":\"error\"")) {
      errors[0]++;
    }
  }

  /** Batched inserts of synthetic messages with their vectors already set, so the embedding worker has none to do. */
  static void load(EngramInfra infra, String agent, int messages) throws Exception {
    load(infra, agent, messages, i -> "message-" + UUID.randomUUID(), Instant.now().minus(Duration.ofDays(365)));
  }

  /**
   * The same with the message ids of {@code ids} (so another store can hold the very same messages) and
   * message i created at {@code base} plus i minutes; texts and roles as {@link #text} and {@link #role}.
   */
  static void load(EngramInfra infra, String agent, int messages, IntFunction<String> ids, Instant base)
      throws Exception {
    String url = infra.jdbcUrl("memory") + (infra.jdbcUrl("memory").contains("?") ? "&" : "?")
        + "reWriteBatchedInserts=true";
    try (Connection db = DriverManager.getConnection(url, "postgres", "postgres")) {
      db.setAutoCommit(false);
      try (PreparedStatement insert = db.prepareStatement("INSERT INTO recall_messages (message_id, agent_id, run_id,"
          + " role, text, created_at, embedding) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
        for (int i = 0; i < messages; i++) {
          SplittableRandom random = new SplittableRandom(i);
          insert.setString(1, ids.apply(i));
          insert.setString(2, agent);
          insert.setString(3, "run-bench-" + i / 10);
          insert.setString(4, role(i));
          insert.setString(5, text(i, random));
          insert.setTimestamp(6, Timestamp.from(base.plusSeconds(i * 60L)));
          insert.setBytes(7, vector(random));
          insert.addBatch();
          if (i % 1_000 == 999) {
            insert.executeBatch();
            db.commit();
          }
        }
        insert.executeBatch();
        db.commit();
      }
      // What autovacuum would do to a history that grew over months: merge the GIN pending list, gather stats.
      db.setAutoCommit(true);
      try (var vacuum = db.createStatement()) {
        vacuum.execute("VACUUM ANALYZE recall_messages");
      }
    }
  }

  /** The role of synthetic message i: users and the assistant take turns. */
  static String role(int i) {
    return i % 2 == 0 ? "user" : "assistant";
  }

  /** The text of synthetic message i; {@code random} is seeded with i. */
  static String text(int i, SplittableRandom random) {
    List<String> words = new ArrayList<>();
    int length = 8 + random.nextInt(25);
    for (int w = 0; w < length; w++) {
      int rank = Arrays.binarySearch(ZIPF_CDF, random.nextDouble());
      words.add(word(rank < 0 ? -rank - 1 : rank));
    }
    String order = i % 10 == 0 ? " about order ORD-" + i : "";
    return "Turn " + i + order + ": " + String.join(" ", words) + ".";
  }

  /** The pseudo-word of a frequency rank: letters from the rank, so every rank spells a different word. */
  static String word(int rank) {
    String letters = "bcdfghjklmnprstvz";
    String vowels = "aeiou";
    StringBuilder w = new StringBuilder();
    int r = rank + 1;
    while (r > 0) {
      w.append(letters.charAt(r % letters.length())).append(vowels.charAt((r / letters.length()) % vowels.length()));
      r /= letters.length() * vowels.length();
    }
    return w.append("x").toString();
  }

  private static double[] zipfCdf(int n) {
    double[] cdf = new double[n];
    double sum = 0;
    for (int k = 0; k < n; k++) {
      sum += 1.0 / (k + 1);
      cdf[k] = sum;
    }
    for (int k = 0; k < n; k++) {
      cdf[k] /= sum;
    }
    return cdf;
  }

  private static byte[] vector(SplittableRandom random) {
    float[] v = new float[DIM];
    double sum = 0;
    for (int d = 0; d < DIM; d++) {
      v[d] = (float) random.nextGaussian();
      sum += v[d] * v[d];
    }
    float inv = (float) (1 / Math.sqrt(sum));
    ByteBuffer buf = ByteBuffer.allocate(DIM * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    for (float x : v) {
      buf.putFloat(x * inv);
    }
    return buf.array();
  }
}
