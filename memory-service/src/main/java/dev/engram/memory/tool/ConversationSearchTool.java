package dev.engram.memory.tool;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.contracts.Json;
import dev.engram.memory.MemoryServiceConfig;
import dev.engram.memory.recall.RecallDates;
import dev.engram.memory.recall.RecallHit;
import dev.engram.memory.recall.RecallQuery;
import dev.engram.memory.recall.RecallService;
import dev.engram.memory.recall.SearchMode;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Letta's {@code conversation_search}: a hybrid search of the agent's recall index, returning Letta's
 * result JSON as text. Tool messages and assistant messages that called conversation_search never match.
 */
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

  /** Runs a search for {@code agentId} with the tool call's arguments; naive dates are in {@code timezone}. */
  public String search(String agentId, String timezone, ToolArguments args) {
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
    ZoneId zone = RecallDates.zone(timezone);
    Instant start = startDate == null || startDate.isBlank() ? null : parseDate("start_date", startDate, zone, false);
    Instant end = endDate == null || endDate.isBlank() ? null : parseDate("end_date", endDate, zone, true);
    int size = limit == null ? config.conversationSearch().defaultLimit()
        : Math.clamp(limit, 1, config.conversationSearch().maxLimit());

    List<RecallHit> hits = recall.search(new RecallQuery(agentId, query, roles, start, end, size, SearchMode.HYBRID));
    return Json.write(format(hits, Instant.now(), zone));
  }

  /**
   * Letta's result shape: a message plus, per hit, timestamp and time_ago in the agent's timezone, role,
   * relevance, and the message's content fields ({@code thinking} and {@code content} for an assistant that
   * reasoned; a user message that is a JSON object contributes its own fields, as in Letta).
   */
  static Map<String, Object> format(List<RecallHit> hits, Instant now, ZoneId zone) {
    Map<String, Object> result = new LinkedHashMap<>();
    if (hits.isEmpty()) {
      result.put("message", "No results found.");
      result.put("results", List.of());
      return result;
    }
    List<Map<String, Object>> entries = new ArrayList<>(hits.size());
    for (RecallHit hit : hits) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("timestamp", RecallDates.isoFormat(hit.createdAt(), zone));
      entry.put("time_ago", timeAgo(hit.createdAt(), now));
      entry.put("role", hit.role());
      if (hit.relevance() != null) {
        entry.put("relevance", relevance(hit.relevance()));
      }
      content(hit, entry);
      entries.add(entry);
    }
    result.put("message", "Showing " + hits.size() + " results:");
    result.put("results", entries);
    return result;
  }

  private static Map<String, Object> relevance(RecallHit.Relevance r) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("rrf_score", r.rrfScore());
    if (r.vectorRank() != null) {
      out.put("vector_rank", r.vectorRank());
    }
    if (r.ftsRank() != null) {
      out.put("fts_rank", r.ftsRank());
    }
    if (r.searchMode() != null) {
      out.put("search_mode", r.searchMode());
    }
    return out;
  }

  private static void content(RecallHit hit, Map<String, Object> entry) {
    String text = hit.text() == null ? "" : hit.text();
    String thinking = hit.thinking();
    if (thinking != null && !thinking.isEmpty()) {
      if (text.isEmpty()) {
        entry.put("content", thinking);
      } else {
        entry.put("thinking", thinking);
        entry.put("content", text);
      }
      return;
    }
    JsonNode object = jsonObject(text);
    if (object == null) {
      entry.put("content", text);
    } else {
      object.properties().forEach(field -> entry.put(field.getKey(), field.getValue()));
    }
  }

  private static JsonNode jsonObject(String text) {
    if (!text.trim().startsWith("{")) {
      return null;
    }
    try {
      JsonNode node = Json.MAPPER.readTree(text);
      return node != null && node.isObject() ? node : null;
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  private static Instant parseDate(String argument, String text, ZoneId zone, boolean endBound) {
    try {
      return RecallDates.parse(text, zone, endBound);
    } catch (DateTimeParseException e) {
      throw new ToolException("Invalid " + argument + " format: " + text
          + ". Use ISO 8601 format (YYYY-MM-DD or YYYY-MM-DDTHH:MM)");
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
