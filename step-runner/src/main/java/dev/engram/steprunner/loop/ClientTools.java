package dev.engram.steprunner.loop;

import dev.engram.contracts.api.AgentSnapshot;
import dev.engram.contracts.api.ClientTool;
import dev.engram.contracts.api.ToolDefinition;
import dev.engram.contracts.api.ToolRule;
import dev.engram.contracts.events.MessageReceived;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A request's {@code client_tools}: offered to the model for that run only (replacing a same-named tool of the
 * agent, as in Letta), and never run by the server: the solver of the run treats every one of them as requiring
 * approval, so a call stops the run and the client answers with the tool's return.
 */
public final class ClientTools {
  /** The tool type given to a client tool inside a run. */
  public static final String TOOL_TYPE = "client";

  /** The agent as the run sees it: its own tools, with the request's client tools added or in their place. */
  public static AgentSnapshot effectiveAgent(MessageReceived event) {
    AgentSnapshot agent = event.agent();
    List<ClientTool> client = event.clientToolsOrEmpty();
    if (client.isEmpty()) {
      return agent;
    }
    Set<String> names = client.stream().map(ClientTool::name).collect(Collectors.toSet());
    List<ToolDefinition> tools = new ArrayList<>(agent.tools().stream().filter(t -> !names.contains(t.name())).toList());
    client.forEach(t -> tools.add(definition(t)));
    return new AgentSnapshot(agent.id(), agent.name(), agent.agentType(), agent.system(), agent.llmConfig(), tools,
        agent.timezone(), agent.embedding(), agent.toolRules(), agent.messageBufferAutoclear(),
        agent.compactionSettings());
  }

  /** The rules of the run's solver: the agent's, plus a requires-approval rule per client tool. */
  public static List<ToolRule> solverRules(MessageReceived event) {
    List<ToolRule> rules = new ArrayList<>(event.agent().rules());
    event.clientToolsOrEmpty().forEach(t -> rules.add(ToolRule.of(ToolRule.REQUIRES_APPROVAL, t.name())));
    return rules;
  }

  private static ToolDefinition definition(ClientTool tool) {
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("name", tool.name());
    if (tool.description() != null) {
      schema.put("description", tool.description());
    }
    schema.put("parameters", tool.parameters() != null ? tool.parameters()
        : Map.of("type", "object", "properties", Map.of()));
    return new ToolDefinition(null, tool.name(), tool.description(), TOOL_TYPE, schema, null);
  }

  private ClientTools() {
  }
}
