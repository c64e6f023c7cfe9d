package dev.engram.agentapi.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.contracts.Ids;
import dev.engram.contracts.Json;
import dev.engram.platform.rest.ApiException;
import java.util.List;

/**
 * Checks path and query parameters the way Letta's validators do (422 with a detail). Numbers are
 * read from strings because JAX-RS would answer a bad number with 404.
 */
final class Params {

  /** A path id of {@code prefix}, or 422 with Letta's pattern message. */
  static String id(String prefix, String id) {
    if (!Ids.isValid(prefix, id)) {
      throw ApiException.unprocessable(Ids.patternMessage(prefix));
    }
    return id;
  }

  /** An optional positive integer query parameter. */
  static Integer positiveInt(String name, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      int parsed = Integer.parseInt(value.trim());
      if (parsed < 1) {
        throw ApiException.unprocessable(name + ": Input should be greater than or equal to 1");
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw ApiException.unprocessable(name + ": Input should be a valid integer, unable to parse string as an "
          + "integer");
    }
  }

  /** An optional boolean query parameter, false when absent. */
  static boolean bool(String name, String value) {
    if (value == null || value.isBlank() || value.equalsIgnoreCase("false")) {
      return false;
    }
    if (value.equalsIgnoreCase("true")) {
      return true;
    }
    throw ApiException.unprocessable(name + ": Input should be a valid boolean");
  }

  /** {@code asc} → true, {@code desc} or absent → false (Letta lists newest first by default). */
  static boolean ascending(String order) {
    if (order == null || order.equals("desc")) {
      return false;
    }
    if (order.equals("asc")) {
      return true;
    }
    throw ApiException.unprocessable("order: Input should be 'asc' or 'desc'");
  }

  /**
   * An optional JSON body read by hand (the SDK may send none, with or without a content type): null when empty,
   * a 422 when malformed.
   */
  static JsonNode optionalBody(String raw) {
    if (raw == null || raw.isBlank()) {
      return null;
    }
    try {
      return Json.MAPPER.readTree(raw);
    } catch (JsonProcessingException e) {
      throw ApiException.unprocessable("Invalid JSON in request body: " + e.getOriginalMessage());
    }
  }

  /** A repeated query parameter, never null. */
  static List<String> list(List<String> values) {
    return values == null ? List.of() : values;
  }

  /**
   * One cursor page of an already ordered list: the items after {@code after} and before {@code before}
   * (ids of items in it), at most {@code limit}.
   */
  static <T> List<T> page(List<T> ordered, java.util.function.Function<T, String> id, String before, String after,
      int limit) {
    int from = 0;
    int to = ordered.size();
    for (int i = 0; i < ordered.size(); i++) {
      String itemId = id.apply(ordered.get(i));
      if (itemId.equals(after)) {
        from = i + 1;
      }
      if (itemId.equals(before)) {
        to = i;
      }
    }
    return from >= to ? List.of() : ordered.subList(from, Math.min(to, from + limit));
  }

  private Params() {
  }
}
