package dev.engram.bench;

import dev.engram.local.EngramInfra;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * Where the time of a sequential step goes. Every service stamps a run as it passes (agent-api's
 * {@code runs.created_at}; step-runner's {@code agent_queue.enqueued_at} and {@code started_at}, the
 * {@code RunStarted}/{@code RunCompleted} times agent-api stores as {@code started_at}/{@code completed_at}, the
 * model call's duration in {@code steps.llm_request_ns}); with the client's own send and receive times
 * (same host, same clock) that cuts each run into the hops below. PostgreSQL's {@code now()} is the
 * stamping transaction's start.
 */
final class StepTimeline {
  /** One timed run as the client saw it: wall-clock send and receive, in epoch microseconds. */
  record Sent(String runId, long sentMicros, long receivedMicros) {}

  private record Stamps(long created, long started, long completed, long enqueued, long dequeued, long llmNanos) {}

  /** The segments in the order a run passes them; each maps a run's stamps to nanoseconds. */
  private static final Map<String, ToLongFunction<Timed>> SEGMENTS = new LinkedHashMap<>();

  private record Timed(Sent sent, Stamps s) {}

  static {
    SEGMENTS.put("client -> run accepted (agent-api HTTP in, checks)",
        t -> microsToNanos(t.s.created - t.sent.sentMicros));
    SEGMENTS.put("accepted -> queued in step-runner (commit, relay, Kafka, consumer)",
        t -> microsToNanos(t.s.enqueued - t.s.created));
    SEGMENTS.put("queued -> run starting (scheduler, lease, queue head)",
        t -> microsToNanos(t.s.dequeued - t.s.enqueued));
    SEGMENTS.put("starting -> RunStarted (store inputs, first system message)",
        t -> microsToNanos(t.s.started - t.s.dequeued));
    SEGMENTS.put("RunStarted -> RunCompleted (prompt, model, journal, commit)",
        t -> microsToNanos(t.s.completed - t.s.started));
    SEGMENTS.put("  of which the model call (scripted, 0 ms)", t -> t.s.llmNanos);
    SEGMENTS.put("RunCompleted -> client (commit, relay, Kafka, agent-api, HTTP out)",
        t -> microsToNanos(t.sent.receivedMicros - t.s.completed));
  }

  private StepTimeline() {}

  private static long microsToNanos(long micros) {
    return micros * 1_000;
  }

  /** The segments' latency figures over the runs found in both databases, in order. */
  static Map<String, LatencyStats> of(EngramInfra infra, List<Sent> sent) throws SQLException {
    Map<String, Stamps> stamps = read(infra, sent.stream().map(Sent::runId).toList());
    List<Timed> timed = new ArrayList<>();
    for (Sent s : sent) {
      Stamps st = stamps.get(s.runId());
      if (st != null) {
        timed.add(new Timed(s, st));
      }
    }
    Map<String, LatencyStats> result = new LinkedHashMap<>();
    SEGMENTS.forEach((label, segment) -> result.put(label,
        LatencyStats.of(timed.stream().mapToLong(segment).toArray())));
    return result;
  }

  private static Map<String, Stamps> read(EngramInfra infra, List<String> runIds) throws SQLException {
    Map<String, long[]> api = new HashMap<>();
    try (Connection db = DriverManager.getConnection(infra.jdbcUrl("agent_api"), "postgres", "postgres");
        PreparedStatement s = db.prepareStatement("SELECT id, created_at, started_at, completed_at FROM runs "
            + "WHERE id = ANY(?) AND started_at IS NOT NULL AND completed_at IS NOT NULL")) {
      s.setArray(1, db.createArrayOf("text", runIds.toArray()));
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          api.put(rs.getString(1), new long[] {epochMicros(rs.getTimestamp(2)), epochMicros(rs.getTimestamp(3)),
              epochMicros(rs.getTimestamp(4))});
        }
      }
    }
    Map<String, Stamps> result = new HashMap<>();
    try (Connection db = DriverManager.getConnection(infra.jdbcUrl("step_runner"), "postgres", "postgres");
        PreparedStatement s = db.prepareStatement("SELECT q.run_id, q.enqueued_at, q.started_at, "
            + "(SELECT coalesce(sum(st.llm_request_ns), 0) FROM steps st WHERE st.run_id = q.run_id) "
            + "FROM agent_queue q WHERE q.run_id = ANY(?) AND q.started_at IS NOT NULL")) {
      s.setArray(1, db.createArrayOf("text", runIds.toArray()));
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          long[] a = api.get(rs.getString(1));
          if (a != null) {
            result.put(rs.getString(1), new Stamps(a[0], a[1], a[2], epochMicros(rs.getTimestamp(2)),
                epochMicros(rs.getTimestamp(3)), rs.getLong(4)));
          }
        }
      }
    }
    return result;
  }

  private static long epochMicros(Timestamp t) {
    return t.getTime() / 1000 * 1_000_000 + t.getNanos() / 1000;
  }
}
