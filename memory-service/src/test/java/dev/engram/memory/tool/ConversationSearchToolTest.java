package dev.engram.memory.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.engram.contracts.Json;
import dev.engram.memory.recall.RecallHit;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConversationSearchToolTest {

  @Test
  void parsesDatesAndDateTimes() {
    assertThat(ConversationSearchTool.parseDate("start_date", "2026-03-01", false))
        .isEqualTo(Instant.parse("2026-03-01T00:00:00Z"));
    assertThat(ConversationSearchTool.parseDate("end_date", "2026-03-01", true))
        .isEqualTo(Instant.parse("2026-03-01T23:59:59.999999Z"));
    assertThat(ConversationSearchTool.parseDate("start_date", "2026-03-01T10:30", false))
        .isEqualTo(Instant.parse("2026-03-01T10:30:00Z"));
    assertThat(ConversationSearchTool.parseDate("start_date", "2026-03-01T10:30:00+02:00", false))
        .isEqualTo(Instant.parse("2026-03-01T08:30:00Z"));
  }

  @Test
  void rejectsOtherDateFormats() {
    assertThatThrownBy(() -> ConversationSearchTool.parseDate("start_date", "March 1st", false))
        .isInstanceOf(ToolException.class)
        .hasMessage("Invalid start_date format: March 1st. Use ISO 8601 format (YYYY-MM-DD or YYYY-MM-DDTHH:MM)");
  }

  @Test
  void formatsResultsLikeLetta() {
    Instant now = Instant.parse("2026-03-01T12:00:00Z");
    String json = Json.write(ConversationSearchTool.format(
        List.of(new RecallHit("message-1", "user", "I love tea", Instant.parse("2026-03-01T11:55:00Z"))), now));
    assertThat(json).isEqualTo("{\"message\":\"Showing 1 results:\",\"results\":[{\"timestamp\":"
        + "\"2026-03-01T11:55:00+00:00\",\"time_ago\":\"5m ago\",\"role\":\"user\",\"content\":\"I love tea\"}]}");
    assertThat(Json.write(ConversationSearchTool.format(List.of(), now)))
        .isEqualTo("{\"message\":\"No results found.\",\"results\":[]}");
  }

  @Test
  void describesAgesInLettasUnits() {
    Instant now = Instant.parse("2026-03-01T12:00:00Z");
    assertThat(ConversationSearchTool.timeAgo(now.minusSeconds(42), now)).isEqualTo("42s ago");
    assertThat(ConversationSearchTool.timeAgo(now.minusSeconds(7_200), now)).isEqualTo("2h ago");
    assertThat(ConversationSearchTool.timeAgo(now.minusSeconds(3 * 86_400), now)).isEqualTo("3d ago");
  }
}
