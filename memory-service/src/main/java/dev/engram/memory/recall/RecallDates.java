package dev.engram.memory.recall;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * Dates of recall searches as Letta reads and writes them: ISO dates or date-times, naive ones in the
 * agent's timezone, an end bound at midnight meaning the end of that day, and timestamps printed the way
 * Python's {@code isoformat()} prints them.
 */
public final class RecallDates {
  private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx");
  private static final DateTimeFormatter MICROS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxxx");

  private RecallDates() {
  }

  /** The IANA zone named {@code timezone}; UTC when absent or unknown (Letta's default agent timezone). */
  public static ZoneId zone(String timezone) {
    if (timezone == null || timezone.isBlank()) {
      return ZoneOffset.UTC;
    }
    try {
      return ZoneId.of(timezone.trim());
    } catch (DateTimeException e) {
      return ZoneOffset.UTC;
    }
  }

  /**
   * Parses {@code YYYY-MM-DD}, {@code YYYY-MM-DDTHH:MM[:SS[.ffffff]]} (or with a space) and either with an
   * offset or {@code Z}; naive values are in {@code zone}. An end bound whose time is midnight covers that
   * whole day (until 23:59:59.999999), so a date-only end date includes its day.
   *
   * @throws DateTimeParseException when the text is none of these
   */
  public static Instant parse(String text, ZoneId zone, boolean endBound) {
    String value = text.trim().replace(' ', 'T');
    ZonedDateTime at;
    try {
      at = OffsetDateTime.parse(value).toZonedDateTime();
    } catch (DateTimeParseException notOffset) {
      try {
        at = LocalDateTime.parse(value).atZone(zone);
      } catch (DateTimeParseException notLocal) {
        at = LocalDate.parse(value).atStartOfDay(zone);
      }
    }
    if (endBound && at.toLocalTime().equals(LocalTime.MIDNIGHT)) {
      at = at.plusDays(1).minus(1, ChronoUnit.MICROS);
    }
    return at.toInstant();
  }

  /** {@code 2026-03-01T11:05:00+01:00}, with microseconds when there are any (Python's isoformat). */
  public static String isoFormat(Instant instant, ZoneId zone) {
    ZonedDateTime at = instant.truncatedTo(ChronoUnit.MICROS).atZone(zone);
    return (at.getNano() == 0 ? SECONDS : MICROS).format(at);
  }
}
