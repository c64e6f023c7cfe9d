package dev.engram.memory.archival;

import dev.engram.platform.rest.ApiException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** Parses the datetimes of archival requests: ISO 8601 with or without offset (naive = UTC) or a bare date. */
public final class ArchivalTimes {
  private ArchivalTimes() {
  }

  /**
   * The instant {@code text} names; a bare date is the start of that day, or its end when {@code endOfDay}.
   * Throws {@link IllegalArgumentException} with a message naming {@code field}.
   */
  public static Instant parse(String field, String text, boolean endOfDay) {
    String value = text.trim();
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException notOffset) {
      try {
        return LocalDateTime.parse(value.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException notLocal) {
        try {
          LocalDate day = LocalDate.parse(value);
          return endOfDay
              ? day.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC).minusNanos(1_000)
              : day.atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException notDate) {
          throw new IllegalArgumentException("Invalid " + field + " format: " + text
              + ". Use ISO 8601 format (YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS][+HH:MM])");
        }
      }
    }
  }

  /** {@link #parse}, null for null or blank, and a 422 for a malformed value. */
  public static Instant parseOrThrow(String field, String text, boolean endOfDay) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return parse(field, text, endOfDay);
    } catch (IllegalArgumentException e) {
      throw ApiException.unprocessable(field + ": " + e.getMessage());
    }
  }
}
