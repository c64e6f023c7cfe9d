package dev.engram.agentapi.rest;

import dev.engram.agentapi.run.RunFilter;
import dev.engram.contracts.Ids;
import dev.engram.contracts.RunStatus;
import dev.engram.contracts.StopReason;
import dev.engram.platform.rest.ApiException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Validates the query of {@code GET /v1/runs/} as Letta does (422 naming the parameter). */
final class RunListParams {
  private static final int DEFAULT_LIMIT = 100;
  private static final int MAX_LIMIT = 1000;

  static RunFilter filter(String agentId, List<String> agentIds, List<String> statuses, String background,
      String stopReason, String active, String conversationId, String before, String after, String limit,
      String order, String orderBy, String ascending) {
    List<String> agents = new ArrayList<>();
    if (agentId != null && !agentId.isBlank()) {
      agents.add(Params.id(Ids.AGENT, agentId));
    }
    for (String id : Params.list(agentIds)) {
      agents.add(Params.id(Ids.AGENT, id));
    }
    List<String> wanted = new ArrayList<>();
    for (String status : Params.list(statuses)) {
      if (Arrays.stream(RunStatus.values()).noneMatch(s -> s.wire().equals(status))) {
        throw ApiException.unprocessable("statuses: Input should be 'created', 'running', 'completed', 'failed' "
            + "or 'cancelled'");
      }
      wanted.add(status);
    }
    if (stopReason != null) {
      try {
        StopReason.fromWire(stopReason);
      } catch (IllegalArgumentException e) {
        throw ApiException.unprocessable("stop_reason: Input should be one of " + Arrays.stream(StopReason.values())
            .map(StopReason::wire).toList());
      }
    }
    if (orderBy != null && !orderBy.equals("created_at")) {
      throw ApiException.unprocessable("order_by: Input should be 'created_at'");
    }
    Integer size = Params.positiveInt("limit", limit);
    if (size != null && size > MAX_LIMIT) {
      throw ApiException.unprocessable("limit: Input should be less than or equal to " + MAX_LIMIT);
    }
    boolean asc = order == null ? Params.bool("ascending", ascending) : Params.ascending(order);
    Boolean onlyBackground = background == null || background.isBlank() ? null
        : Params.bool("background", background.toLowerCase(Locale.ROOT));
    return new RunFilter(agents, wanted, onlyBackground, stopReason, Params.bool("active", active),
        blankToNull(conversationId), blankToNull(before), blankToNull(after), size == null ? DEFAULT_LIMIT : size,
        asc);
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  private RunListParams() {
  }
}
