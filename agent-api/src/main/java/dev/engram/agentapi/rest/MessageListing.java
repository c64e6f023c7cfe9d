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

  /**
   * One page of the agent's messages in {@code conversationId} as step-runner scopes it (null: all of the agent's,
   * {@code default}: its default conversation's, {@code conv-…}: that conversation's). step-runner answers every
   * page oldest first, which is Letta's order for agent listings; a {@code conv-…} conversation's page in
   * {@code desc} order is turned newest first, as Letta lists real conversations.
   */
  JsonNode page(String agentId, String conversationId, String before, String after, String limit, String order,
      List<String> types) {
    agents.requireExists(Params.id(Ids.AGENT, agentId));
    Integer pageSize = Params.positiveInt("limit", limit);
    boolean ascending = Params.ascending(order);
    JsonNode page = stepRunner.messages(agentId, conversationId, before, after, pageSize == null ? 100 : pageSize,
        order == null ? "desc" : order);
    JsonNode kept = only(page, Set.copyOf(Params.list(types)));
    return !ascending && conversationId != null && conversationId.startsWith(Ids.CONVERSATION + "-")
        ? reversed(kept) : kept;
  }

  private static JsonNode reversed(JsonNode page) {
    if (!page.isArray()) {
      return page;
    }
    ArrayNode out = Json.MAPPER.createArrayNode();
    for (int i = page.size() - 1; i >= 0; i--) {
      out.add(page.get(i));
    }
    return out;
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
