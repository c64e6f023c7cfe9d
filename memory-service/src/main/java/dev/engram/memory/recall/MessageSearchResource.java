package dev.engram.memory.recall;

import dev.engram.contracts.LettaTime;
import dev.engram.platform.rest.ApiException;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Letta's {@code POST /v1/messages/search} over one agent's recall index (agent-api forwards the path
 * unchanged). Answers Letta's list of {@code *MessageListResult}: a user message as {@code user_message},
 * an assistant message as its {@code reasoning_message} and {@code assistant_message}.
 */
@Path("/v1/messages/search")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RunOnVirtualThread
public class MessageSearchResource {
  /** Letta's bounds and default of {@code limit}. */
  static final int MAX_LIMIT = 100;
  static final int DEFAULT_LIMIT = 50;
  private static final Set<String> ROLES = Set.of("assistant", "user", "system", "tool");

  private final RecallService recall;

  MessageSearchResource(RecallService recall) {
    this.recall = recall;
  }

  /** Searches the agent's messages by {@code search_mode} (hybrid by default). */
  @POST
  public List<Map<String, Object>> search(MessageSearchRequest request) {
    RecallQuery query = validate(request);
    List<Map<String, Object>> out = new ArrayList<>();
    for (RecallHit hit : recall.search(query)) {
      out.addAll(listResults(hit, query.agentId()));
    }
    return out;
  }

  private static RecallQuery validate(MessageSearchRequest request) {
    if (request == null) {
      throw ApiException.unprocessable("Request body is required");
    }
    if (request.query() == null) {
      throw ApiException.unprocessable("Field required: query");
    }
    SearchMode mode = request.searchMode() == null ? SearchMode.HYBRID : SearchMode.fromWire(request.searchMode());
    if (mode == null) {
      throw ApiException.unprocessable("search_mode must be one of 'vector', 'fts' or 'hybrid', got '"
          + request.searchMode() + "'");
    }
    int limit = request.limit() == null ? DEFAULT_LIMIT : request.limit();
    if (limit < 1 || limit > MAX_LIMIT) {
      throw ApiException.unprocessable("limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
    }
    if (request.agentId() == null || request.agentId().isBlank()) {
      throw ApiException.badRequest("agent_id is required: this server searches one agent's messages at a time");
    }
    if (request.roles() != null) {
      for (String role : request.roles()) {
        if (!ROLES.contains(role)) {
          throw ApiException.unprocessable("roles: '" + role + "' is not a valid MessageRole");
        }
      }
    }
    Instant start = date("start_date", request.startDate(), false);
    Instant end = date("end_date", request.endDate(), true);
    if (start != null && end != null && start.isAfter(end)) {
      throw ApiException.unprocessable("start_date must not be after end_date");
    }
    return new RecallQuery(request.agentId(), request.query(), request.roles(), start, end, limit, mode);
  }

  private static Instant date(String field, String value, boolean endBound) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return RecallDates.parse(value, ZoneOffset.UTC, endBound);
    } catch (DateTimeParseException e) {
      throw ApiException.unprocessable(field + " is not a valid date-time: '" + value + "'");
    }
  }

  private static List<Map<String, Object>> listResults(RecallHit hit, String agentId) {
    List<Map<String, Object>> out = new ArrayList<>(2);
    String text = hit.text() == null ? "" : hit.text();
    switch (hit.role()) {
      case "user" -> out.add(result("user_message", "content", text, hit, agentId));
      case "system" -> out.add(result("system_message", "content", text, hit, agentId));
      default -> {
        if (hit.thinking() != null && !hit.thinking().isEmpty()) {
          out.add(result("reasoning_message", "reasoning", hit.thinking(), hit, agentId));
        }
        if (!text.isEmpty()) {
          out.add(result("assistant_message", "content", text, hit, agentId));
        }
      }
    }
    return out;
  }

  private static Map<String, Object> result(String type, String field, String value, RecallHit hit, String agentId) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("message_type", type);
    r.put(field, value);
    r.put("message_id", hit.messageId());
    r.put("agent_id", agentId);
    r.put("created_at", LettaTime.format(hit.createdAt()));
    return r;
  }
}
