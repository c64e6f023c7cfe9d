package dev.engram.memory.tool;

import dev.engram.contracts.Json;
import dev.engram.contracts.LettaTime;
import dev.engram.memory.MemoryServiceConfig;
import dev.engram.memory.recall.RecallHit;
import dev.engram.memory.recall.RecallQuery;
import dev.engram.memory.recall.RecallService;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Letta's {@code conversation_search} over this service's recall index; returns Letta's result JSON as text. */
@ApplicationScoped
public class ConversationSearchTool {
  /** Letta's {@code MessageRole} values, the only roles the agent may filter by. */
  static final Set<String> ROLES = Set.of("assistant", "user", "system", "tool");

  private final RecallService recall;
  private final MemoryServiceConfig config;

  ConversationSearchTool(RecallService recall, MemoryServiceConfig config) {
    this.recall = recall;
    this.config = config;
  }

  /** Runs a search for {@code agentId} with the tool call's arguments. */
  public String search(String agentId, ToolArguments args) {
    String query = args.optionalString("query");
    List<String> roles = args.optionalStringList("roles");
    Integer limit = args.optionalInt("limit");
    String startDate = args.optionalString("start_date");
    String endDate = args.optionalString("end_date");
    if (roles != null) {
      for (String role : roles) {
        if (!ROLES.contains(role)) {
          throw new ToolException("'" + role + "' is not a valid MessageRole");
        }
      }
    }
    Instant start = startDate == null || startDate.isBlank() ? null : parseDate("start_date", startDate, false);
    Instant end = endDate == null || endDate.isBlank() ? null : parseDate("end_date", endDate, true);
    int size = limit == null ? config.conversationSearch().defaultLimit()
        : Math.clamp(limit, 1, config.conversationSearch().maxLimit());

    List<RecallHit> hits = recall.search(new RecallQuery(agentId, query, roles, start, end, size));
    return Json.write(format(hits, Instant.now()));
  }

  /** Letta's result shape: a message plus one entry per hit with timestamp, time_ago, role and content. */
  static Map<String, Object> format(List<RecallHit> hits, Instant now) {
    Map<String, Object> result = new LinkedHashMap<>();
    if (hits.isEmpty()) {
      result.put("message", "No results found.");
      result.put("results", List.of());
      return result;
    }
    List<Map<String, Object>> entries = new ArrayList<>(hits.size());
    for (RecallHit hit : hits) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("timestamp", LettaTime.format(hit.createdAt()));
      entry.put("time_ago", timeAgo(hit.createdAt(), now));
      entry.put("role", hit.role());
      entry.put("content", hit.text());
      entries.add(entry);
    }
    result.put("message", "Showing " + hits.size() + " results:");
    result.put("results", entries);
    return result;
  }

  /**
   * Parses {@code YYYY-MM-DD} or {@code YYYY-MM-DDTHH:MM[:SS]} with an optional offset; naive times are
   * UTC (Letta's default agent timezone). A date-only end bound means the end of that day.
   */
  static Instant parseDate(String argument, String text, boolean endOfDay) {
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
          throw new ToolException("Invalid " + argument + " format: " + text
              + ". Use ISO 8601 format (YYYY-MM-DD or YYYY-MM-DDTHH:MM)");
        }
      }
    }
  }

  /** Letta's relative age: {@code 42s ago}, {@code 5m ago}, {@code 3h ago}, {@code 2d ago}. */
  static String timeAgo(Instant then, Instant now) {
    long seconds = Math.max(0, Duration.between(then, now).toSeconds());
    if (seconds < 60) {
      return seconds + "s ago";
    }
    if (seconds < 3_600) {
      return seconds / 60 + "m ago";
    }
    if (seconds < 86_400) {
      return seconds / 3_600 + "h ago";
    }
    return seconds / 86_400 + "d ago";
  }
}
