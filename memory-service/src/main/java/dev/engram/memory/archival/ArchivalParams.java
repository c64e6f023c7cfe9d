package dev.engram.memory.archival;

import dev.engram.contracts.Ids;
import dev.engram.platform.rest.ApiException;

/**
 * Path and query parameters of the archival endpoints checked as Letta's validators check them (422 with
 * a detail). Numbers arrive as strings because JAX-RS would answer a malformed number with 404.
 */
final class ArchivalParams {
  private ArchivalParams() {
  }

  /** A path id of {@code prefix}, or 422 with Letta's pattern message. */
  static String id(String prefix, String id) {
    if (!Ids.isValid(prefix, id)) {
      throw ApiException.unprocessable(Ids.patternMessage(prefix));
    }
    return id;
  }

  /** An optional integer of at least 1, {@code fallback} when absent, capped at {@code max}. */
  static int limit(String name, String value, int fallback, int max) {
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      int parsed = Integer.parseInt(value.trim());
      if (parsed < 1) {
        throw ApiException.unprocessable(name + ": Input should be greater than or equal to 1");
      }
      return Math.min(parsed, max);
    } catch (NumberFormatException e) {
      throw ApiException.unprocessable(name + ": Input should be a valid integer, unable to parse string as an "
          + "integer");
    }
  }

  /** An optional boolean, {@code fallback} when absent. */
  static boolean bool(String name, String value, boolean fallback) {
    if (value == null || value.isBlank()) {
      return fallback;
    }
    if (value.equalsIgnoreCase("true")) {
      return true;
    }
    if (value.equalsIgnoreCase("false")) {
      return false;
    }
    throw ApiException.unprocessable(name + ": Input should be a valid boolean");
  }

  /** {@code asc} → true, {@code desc} or absent → false (Letta lists newest first by default). */
  static boolean ascending(String order) {
    if (order == null || order.isBlank() || order.equals("desc")) {
      return false;
    }
    if (order.equals("asc")) {
      return true;
    }
    throw ApiException.unprocessable("order: Input should be 'asc' or 'desc'");
  }

  /** {@code all} → true, {@code any} or absent → false. */
  static boolean matchAll(String mode) {
    if (mode == null || mode.isBlank() || mode.equals("any")) {
      return false;
    }
    if (mode.equals("all")) {
      return true;
    }
    throw ApiException.unprocessable("tag_match_mode: Input should be 'any' or 'all'");
  }
}
