package dev.engram.memory.recall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import org.junit.jupiter.api.Test;

class RecallDatesTest {
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

  @Test
  void readsNaiveDatesInTheAgentsTimezone() {
    assertThat(RecallDates.parse("2026-03-01", NEW_YORK, false)).isEqualTo(Instant.parse("2026-03-01T05:00:00Z"));
    assertThat(RecallDates.parse("2026-03-01T10:30", NEW_YORK, false))
        .isEqualTo(Instant.parse("2026-03-01T15:30:00Z"));
    assertThat(RecallDates.parse("2026-03-01 10:30", ZoneOffset.UTC, false))
        .isEqualTo(Instant.parse("2026-03-01T10:30:00Z"));
  }

  @Test
  void keepsAnExplicitOffset() {
    assertThat(RecallDates.parse("2026-03-01T10:30:00+02:00", NEW_YORK, false))
        .isEqualTo(Instant.parse("2026-03-01T08:30:00Z"));
    assertThat(RecallDates.parse("2026-03-01T10:30:00Z", NEW_YORK, false))
        .isEqualTo(Instant.parse("2026-03-01T10:30:00Z"));
  }

  @Test
  void aMidnightEndBoundCoversItsWholeDay() {
    assertThat(RecallDates.parse("2026-03-01", NEW_YORK, true))
        .isEqualTo(Instant.parse("2026-03-02T04:59:59.999999Z"));
    assertThat(RecallDates.parse("2026-03-01T00:00", ZoneOffset.UTC, true))
        .isEqualTo(Instant.parse("2026-03-01T23:59:59.999999Z"));
    assertThat(RecallDates.parse("2026-03-01T10:00", ZoneOffset.UTC, true))
        .isEqualTo(Instant.parse("2026-03-01T10:00:00Z"));
  }

  @Test
  void rejectsOtherFormatsAndFallsBackToUtcForAnUnknownZone() {
    assertThatThrownBy(() -> RecallDates.parse("March 1st", ZoneOffset.UTC, false))
        .isInstanceOf(DateTimeParseException.class);
    assertThat(RecallDates.zone("Mars/Olympus")).isEqualTo(ZoneOffset.UTC);
    assertThat(RecallDates.zone(null)).isEqualTo(ZoneOffset.UTC);
  }

  @Test
  void formatsLikePythonsIsoformat() {
    assertThat(RecallDates.isoFormat(Instant.parse("2026-03-01T10:00:00Z"), NEW_YORK))
        .isEqualTo("2026-03-01T05:00:00-05:00");
    assertThat(RecallDates.isoFormat(Instant.parse("2026-03-01T10:00:00.000123Z"), ZoneOffset.UTC))
        .isEqualTo("2026-03-01T10:00:00.000123+00:00");
  }
}
