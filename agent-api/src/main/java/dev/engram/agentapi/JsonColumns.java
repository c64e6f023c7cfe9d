package dev.engram.agentapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.engram.contracts.Json;
import dev.engram.platform.db.Sql;
import java.io.UncheckedIOException;
import java.util.Map;

/** Reads and writes the {@code jsonb} columns of this service with the wire JSON settings. */
public final class JsonColumns {
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
  };

  /** A value as a {@code jsonb} parameter; null stays SQL NULL. */
  public static Sql.Json of(Object value) {
    return value == null ? null : new Sql.Json(Json.write(value));
  }

  /**
   * A value of a generic type as a {@code jsonb} parameter. Needed for lists of polymorphic types
   * such as {@code List<LettaMessage>}: erased, they would be written without their type ids.
   */
  public static <T> Sql.Json of(T value, TypeReference<T> type) {
    try {
      return value == null ? null : new Sql.Json(Json.MAPPER.writerFor(type).writeValueAsString(value));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A {@code jsonb} object column as a map; SQL NULL as null. */
  public static Map<String, Object> map(String json) {
    return json == null ? null : read(json, MAP);
  }

  /** A {@code jsonb} column as {@code type}; SQL NULL as null. */
  public static <T> T read(String json, TypeReference<T> type) {
    if (json == null) {
      return null;
    }
    try {
      return Json.MAPPER.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A {@code jsonb} column as {@code type}; SQL NULL as null. */
  public static <T> T read(String json, Class<T> type) {
    return json == null ? null : Json.read(json, type);
  }

  private JsonColumns() {
  }
}
