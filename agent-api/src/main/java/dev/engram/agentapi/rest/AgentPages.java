package dev.engram.agentapi.rest;

import dev.engram.agentapi.agent.AgentRecord;
import dev.engram.agentapi.agent.AgentService;
import dev.engram.agentapi.agent.AgentState;
import dev.engram.agentapi.agent.Includes;
import java.util.List;

/** Letta's paged {@code AgentState} lists for agents another service names by id (block and archive holders). */
final class AgentPages {
  private static final int DEFAULT_LIMIT = 50;

  /** The page of {@code ids}' agents, ordered by creation, with Letta's query parameters. */
  static List<AgentState> of(AgentService agents, List<String> ids, String before, String after, String limit,
      String order, List<String> include) {
    Integer pageSize = Params.positiveInt("limit", limit);
    int size = pageSize == null ? DEFAULT_LIMIT : pageSize;
    Includes includes = include == null || include.isEmpty() ? Includes.ALL : Includes.parse(include);
    return agents.page(ids, includes, Params.ascending(order),
        records -> Params.page(records, AgentRecord::id, before, after, size));
  }

  private AgentPages() {
  }
}
