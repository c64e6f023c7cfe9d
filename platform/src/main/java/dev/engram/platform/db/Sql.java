package dev.engram.platform.db;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Thin JDBC helper over the service's datasource. Inside a {@code @Transactional} method every
 * call joins the JTA transaction (Agroal enlists the connection), so state and outbox rows commit together.
 */
@ApplicationScoped
public class Sql {
  private final DataSource dataSource;

  Sql(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Maps the current row of a result set. */
  @FunctionalInterface
  public interface RowMapper<T> {
    T map(ResultSet rs) throws SQLException;
  }

  /** Runs an INSERT/UPDATE/DELETE; returns the affected row count. */
  public int update(String sql, Object... params) {
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
      bind(c, s, params);
      return s.executeUpdate();
    } catch (SQLException e) {
      throw new DataAccessException(sql, e);
    }
  }

  /** Runs a query and maps every row. */
  public <T> List<T> query(String sql, RowMapper<T> mapper, Object... params) {
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
      bind(c, s, params);
      try (ResultSet rs = s.executeQuery()) {
        List<T> rows = new ArrayList<>();
        while (rs.next()) {
          rows.add(mapper.map(rs));
        }
        return rows;
      }
    } catch (SQLException e) {
      throw new DataAccessException(sql, e);
    }
  }

  /** Runs a query expected to return at most one row. */
  public <T> Optional<T> queryOne(String sql, RowMapper<T> mapper, Object... params) {
    List<T> rows = query(sql, mapper, params);
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
  }

  /** Reads a nullable timestamp column as an instant. */
  public static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }

  private static void bind(Connection c, PreparedStatement s, Object[] params) throws SQLException {
    for (int i = 0; i < params.length; i++) {
      Object p = params[i];
      int idx = i + 1;
      switch (p) {
        case null -> s.setNull(idx, Types.NULL);
        case Instant t -> s.setTimestamp(idx, Timestamp.from(t));
        case Json j -> {
          s.setObject(idx, j.value(), Types.OTHER);
        }
        case Collection<?> list -> {
          Array array = c.createArrayOf(list.stream().allMatch(o -> o instanceof Long) ? "bigint" : "text",
              list.toArray());
          s.setArray(idx, array);
        }
        default -> s.setObject(idx, p);
      }
    }
  }

  /** A parameter to bind as {@code jsonb}. */
  public record Json(String value) {
  }

  /** A failed SQL statement; carries the SQL state so callers can map unique violations. */
  public static class DataAccessException extends RuntimeException {
    private final String sqlState;

    DataAccessException(String sql, SQLException cause) {
      super("SQL failed: " + cause.getMessage(), cause);
      this.sqlState = cause.getSQLState();
    }

    /** PostgreSQL's SQLSTATE, e.g. {@code 23505} for a unique violation. */
    public String sqlState() {
      return sqlState;
    }

    public boolean uniqueViolation() {
      return "23505".equals(sqlState);
    }
  }
}
