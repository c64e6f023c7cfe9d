package dev.engram.memory.tool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.contracts.Json;
import dev.engram.memory.recall.RecallHit;
import dev.engram.memory.recall.RecallHit.Relevance;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConversationSearchToolTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  @Test
  void formatsResultsLikeLetta() {
    String json = Json.write(ConversationSearchTool.format(List.of(new RecallHit("message-1", "user", "I love tea",
        null, Instant.parse("2026-03-01T11:55:00Z"), new Relevance(1.0 / 61, null, 1, null))), NOW, ZoneOffset.UTC));
    assertThat(json).isEqualTo("{\"message\":\"Showing 1 results:\",\"results\":[{\"timestamp\":"
        + "\"2026-03-01T11:55:00+00:00\",\"time_ago\":\"5m ago\",\"role\":\"user\",\"relevance\":{\"rrf_score\":"
        + (1.0 / 61) + ",\"fts_rank\":1},\"content\":\"I love tea\"}]}");
    assertThat(Json.write(ConversationSearchTool.format(List.of(), NOW, ZoneOffset.UTC)))
        .isEqualTo("{\"message\":\"No results found.\",\"results\":[]}");
  }

  @Test
  void printsTimestampsInTheAgentsTimezoneAndSplitsReasoningFromText() {
    RecallHit hit = new RecallHit("message-2", "assistant", "Noted.", "The user likes tea.",
        Instant.parse("2026-03-01T11:00:00.250Z"), null);
    String json = Json.write(ConversationSearchTool.format(List.of(hit), NOW, ZoneId.of("Europe/Berlin")));
    assertThat(json).contains("\"timestamp\":\"2026-03-01T12:00:00.250000+01:00\"", "\"time_ago\":\"59m ago\"",
        "\"thinking\":\"The user likes tea.\",\"content\":\"Noted.\"");
  }

  @Test
  void mergesAJsonObjectMessageIntoTheResult() {
    RecallHit packed = new RecallHit("message-3", "user", "{\"type\":\"user_message\",\"message\":\"hi\"}", null,
        NOW, null);
    assertThat(Json.write(ConversationSearchTool.format(List.of(packed), NOW, ZoneOffset.UTC)))
        .contains("\"role\":\"user\",\"type\":\"user_message\",\"message\":\"hi\"}");
  }

  @Test
  void describesAgesInLettasUnits() {
    assertThat(ConversationSearchTool.timeAgo(NOW.minusSeconds(42), NOW)).isEqualTo("42s ago");
    assertThat(ConversationSearchTool.timeAgo(NOW.minusSeconds(7_200), NOW)).isEqualTo("2h ago");
    assertThat(ConversationSearchTool.timeAgo(NOW.minusSeconds(3 * 86_400), NOW)).isEqualTo("3d ago");
  }
}
