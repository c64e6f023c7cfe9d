package dev.engram.agentapi.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.engram.agentapi.agent.AgentService;
import dev.engram.agentapi.client.StepRunnerClient;
import dev.engram.contracts.Ids;
import dev.engram.contracts.Json;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Set;

/**
 * An agent's message history as {@code GET /v1/agents/{id}/messages} and {@code GET /v1/conversations/{id}/messages}
 * list it: one page from step-runner, then only the message types asked for in {@code include_return_message_types}.
 * The filter applies to the page as step-runner cut it (by stored message), so a filtered page can hold fewer than
 * {@code limit} items; Letta filters its pages the same way, after paging, and clients page on with the cursors.
 */
@ApplicationScoped
class MessageListing {
  private final AgentService agents;
  private final StepRunnerClient stepRunner;

  MessageListing(AgentService agents, StepRunnerClient stepRunner) {
    this.agents = agents;
    this.stepRunner = stepRunner;
  }

  JsonNode page(String agentId, String before, String after, String limit, String order, List<String> types) {
    agents.requireExists(Params.id(Ids.AGENT, agentId));
    Integer pageSize = Params.positiveInt("limit", limit);
    Params.ascending(order);
    JsonNode page = stepRunner.messages(agentId, before, after, pageSize == null ? 100 : pageSize,
        order == null ? "desc" : order);
    return only(page, Set.copyOf(Params.list(types)));
  }

  /** The messages of {@code page} whose {@code message_type} is in {@code types}; all of them when none is named. */
  private static JsonNode only(JsonNode page, Set<String> types) {
    if (types.isEmpty() || !page.isArray()) {
      return page;
    }
    ArrayNode kept = Json.MAPPER.createArrayNode();
    page.forEach(message -> {
      if (types.contains(message.path("message_type").asText())) {
        kept.add(message);
      }
    });
    return kept;
  }
}
