package dev.engram.toolexecutor.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.engram.contracts.Json;
import dev.engram.platform.db.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The {@code mcp_servers} table; secrets go in and out through {@link McpSecretCipher}. */
@ApplicationScoped
public class McpServerRepository {
  private static final String COLUMNS = "id, server_name, server_type, server_url, command, args, auth_header, "
      + "secrets, created_at, updated_at";
  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
  };
  private static final TypeReference<Secrets> SECRETS = new TypeReference<>() {
  };

  /** The encrypted part of a row. */
  record Secrets(String authToken, Map<String, String> customHeaders, Map<String, String> env) {
  }

  private final Sql sql;
  private final McpSecretCipher cipher;

  McpServerRepository(Sql sql, McpSecretCipher cipher) {
    this.sql = sql;
    this.cipher = cipher;
  }

  /** Stores a new server; false if its name is taken. */
  public boolean insert(McpServer s) {
    return sql.update("INSERT INTO mcp_servers (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, CAST(? AS jsonb), ?, ?, ?, ?) "
            + "ON CONFLICT (server_name) DO NOTHING", s.id(), s.serverName(), s.serverType(), s.serverUrl(),
        s.command(), json(s.args()), s.authHeader(), seal(s), s.createdAt(), s.updatedAt()) == 1;
  }

  /** Writes every field of an existing server; false if its new name is taken by another one. */
  public boolean update(McpServer s) {
    if (sql.queryOne("SELECT id FROM mcp_servers WHERE server_name = ? AND id <> ?", rs -> rs.getString(1),
        s.serverName(), s.id()).isPresent()) {
      return false;
    }
    try {
      sql.update("UPDATE mcp_servers SET server_name = ?, server_type = ?, server_url = ?, command = ?, "
              + "args = CAST(? AS jsonb), auth_header = ?, secrets = ?, updated_at = ? WHERE id = ?", s.serverName(),
          s.serverType(), s.serverUrl(), s.command(), json(s.args()), s.authHeader(), seal(s), s.updatedAt(), s.id());
      return true;
    } catch (Sql.DataAccessException e) {
      if (e.uniqueViolation()) {
        // Another update took the name between the check and this statement.
        return false;
      }
      throw e;
    }
  }

  /** Deletes a server; false if there was none. */
  public boolean delete(String id) {
    return sql.update("DELETE FROM mcp_servers WHERE id = ?", id) == 1;
  }

  /** One server by id, secrets decrypted. */
  public Optional<McpServer> find(String id) {
    return sql.queryOne("SELECT " + COLUMNS + " FROM mcp_servers WHERE id = ?", this::map, id);
  }

  /** All servers, oldest first. */
  public List<McpServer> list() {
    return sql.query("SELECT " + COLUMNS + " FROM mcp_servers ORDER BY created_at, id", this::map);
  }

  private String seal(McpServer s) {
    if (s.authToken() == null && empty(s.customHeaders()) && empty(s.env())) {
      return null;
    }
    return cipher.encrypt(json(new Secrets(s.authToken(), s.customHeaders(), s.env())));
  }

  private McpServer map(ResultSet rs) throws SQLException {
    String sealed = rs.getString("secrets");
    Secrets secrets = sealed == null ? new Secrets(null, null, null) : read(cipher.decrypt(sealed), SECRETS);
    String args = rs.getString("args");
    return new McpServer(rs.getString("id"), rs.getString("server_name"), rs.getString("server_type"),
        rs.getString("server_url"), rs.getString("command"), args == null ? null : read(args, STRINGS),
        rs.getString("auth_header"), secrets.authToken(), ordered(secrets.customHeaders()), ordered(secrets.env()),
        Sql.instant(rs, "created_at"), Sql.instant(rs, "updated_at"));
  }

  private static Map<String, String> ordered(Map<String, String> map) {
    return map == null ? null : new LinkedHashMap<>(map);
  }

  private static boolean empty(Map<String, String> map) {
    return map == null || map.isEmpty();
  }

  private static String json(Object value) {
    if (value == null) {
      return null;
    }
    try {
      return Json.MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write an MCP server column", e);
    }
  }

  private static <T> T read(String json, TypeReference<T> type) {
    try {
      return Json.MAPPER.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot read an MCP server column", e);
    }
  }
}
