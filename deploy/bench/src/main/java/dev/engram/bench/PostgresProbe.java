package dev.engram.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the services ask of PostgreSQL per run: statements and commits by database (pg_stat_statements, which
 * the bench preloads into its throwaway server, and pg_stat_database), and the statements called most often.
 */
final class PostgresProbe {
  /** The server setting that loads pg_stat_statements; without it {@link #snapshot()} returns nothing. */
  static final Map<String, String> SETTINGS = Map.of("shared_preload_libraries", "pg_stat_statements",
      "pg_stat_statements.track_utility", "on");
  private static final int QUERY_TEXT = 110;

  private final String jdbcUrl;
  private final boolean available;

  PostgresProbe(String jdbcUrl) {
    this.jdbcUrl = jdbcUrl;
    boolean ok;
    try (Connection c = connect(); Statement s = c.createStatement()) {
      s.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
      ok = true;
    } catch (SQLException e) {
      ok = false;
    }
    this.available = ok;
  }

  /** Calls of one normalized statement of one database so far. */
  record StatementCalls(String database, String query, long calls) {
  }

  /** Counters so far: statements by database and normalized text, commits by database. */
  record Snapshot(Map<String, Long> commits, Map<String, StatementCalls> statements) {
  }

  Snapshot snapshot() {
    if (!available) {
      return new Snapshot(Map.of(), Map.of());
    }
    Map<String, Long> commits = new TreeMap<>();
    Map<String, StatementCalls> statements = new TreeMap<>();
    try (Connection c = connect(); Statement s = c.createStatement()) {
      // pg_stat_database lags by up to a second (backends flush their counters when idle): noise on a phase.
      try (ResultSet rs = s.executeQuery("SELECT datname, xact_commit FROM pg_stat_database WHERE datname IS NOT NULL")) {
        while (rs.next()) {
          commits.put(rs.getString(1), rs.getLong(2));
        }
      }
      try (ResultSet rs = s.executeQuery("SELECT d.datname, s.queryid, s.query, s.calls FROM pg_stat_statements s "
          + "JOIN pg_database d ON d.oid = s.dbid")) {
        while (rs.next()) {
          String database = rs.getString(1);
          statements.put(database + "/" + rs.getLong(2), new StatementCalls(database, rs.getString(3), rs.getLong(4)));
        }
      }
    } catch (SQLException e) {
      return new Snapshot(Map.of(), Map.of());
    }
    return new Snapshot(commits, statements);
  }

  /**
   * Per run between two snapshots: statements and commits of each service database, then the {@code top}
   * statements called most often (database, calls per run, text), each line starting with {@code indent}.
   */
  String describe(Snapshot before, Snapshot after, int runs, int top, String indent) {
    if (!available || runs == 0) {
      return indent + "PostgreSQL per run: not available (pg_stat_statements not loaded)\n";
    }
    Map<String, Double> statementsPerRun = new TreeMap<>();
    List<StatementCalls> grown = new ArrayList<>();
    after.statements().forEach((key, now) -> {
      StatementCalls then = before.statements().get(key);
      long calls = now.calls() - (then == null ? 0 : then.calls());
      if (calls > 0 && !now.database().equals("postgres")) {
        statementsPerRun.merge(now.database(), calls / (double) runs, Double::sum);
        grown.add(new StatementCalls(now.database(), now.query(), calls));
      }
    });
    StringBuilder out = new StringBuilder(indent).append("PostgreSQL per run (statements / commits):");
    statementsPerRun.forEach((database, perRun) -> out.append(String.format(" %s %.1f / %.1f;", database, perRun,
        (after.commits().getOrDefault(database, 0L) - before.commits().getOrDefault(database, 0L))
            / (double) runs)));
    out.append(String.format(" total %.1f statements%n",
        statementsPerRun.values().stream().mapToDouble(Double::doubleValue).sum()));
    if (top == 0) {
      return out.toString();
    }
    grown.sort(Comparator.comparingLong(StatementCalls::calls).reversed());
    out.append(indent).append("most frequent statements (calls per run, database, text):\n");
    for (StatementCalls s : grown.subList(0, Math.min(top, grown.size()))) {
      String text = s.query().replaceAll("\\s+", " ");
      out.append(String.format("%s  %5.2f  %-14s %s%n", indent, s.calls() / (double) runs, s.database(),
          text.length() > QUERY_TEXT ? text.substring(0, QUERY_TEXT) + "..." : text));
    }
    return out.toString();
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
  }
}
