package dev.engram.agentapi.agent;

import dev.engram.agentapi.tool.BaseTools;
import dev.engram.contracts.api.ToolRule;
import dev.engram.platform.rest.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Validation of an agent's tool rules, and Letta's base tool rules. */
public final class ToolRules {
  /** Base tools whose call ends the loop; every other attached base tool continues it. */
  private static final Set<String> TERMINAL = Set.of(BaseTools.SEND_MESSAGE, "send_message_to_agent_async",
      BaseTools.MEMORY_FINISH_EDITS);

  /** The rules, checked (422 on the first malformed one) and normalised; null stays null. */
  public static List<ToolRule> validate(List<ToolRule> rules) {
    if (rules == null) {
      return null;
    }
    List<ToolRule> out = new ArrayList<>();
    for (int i = 0; i < rules.size(); i++) {
      ToolRule r = rules.get(i);
      String problem = r == null ? "tool_rules." + i + ": Input should be an object" : r.problem("tool_rules." + i);
      if (problem != null) {
        throw ApiException.unprocessable(problem);
      }
      // Letta always reports require_output_mapping on conditional rules (default false).
      out.add(ToolRule.CONDITIONAL.equals(r.type()) && r.requireOutputMapping() == null
          ? new ToolRule(r.type(), r.toolName(), r.promptTemplate(), r.args(), r.children(), r.childArgNodes(),
              r.defaultChild(), r.childOutputMapping(), false, r.maxCountLimit())
          : r);
    }
    return out;
  }

  /** Whether an agent gets the base rules when the request does not say: every type but letta_v1_agent. */
  public static boolean includeBaseByDefault(String agentType) {
    return !AgentTypes.LETTA_V1.equals(agentType);
  }

  /**
   * The rules plus Letta's base rules for the attached base tools: send_message, send_message_to_agent_async
   * and memory_finish_edits end the loop, the other base tools continue it. A tool that already has a
   * terminal or continue rule keeps the caller's.
   */
  public static List<ToolRule> withBaseRules(List<ToolRule> rules, List<String> attachedToolNames) {
    List<ToolRule> out = new ArrayList<>(rules);
    Set<String> base = BaseTools.ALL.stream().map(dev.engram.agentapi.tool.BaseTool::name).collect(
        java.util.stream.Collectors.toSet());
    for (String name : attachedToolNames) {
      boolean covered = rules.stream().anyMatch(r -> r.toolName().equals(name)
          && (ToolRule.EXIT_LOOP.equals(r.type()) || ToolRule.CONTINUE_LOOP.equals(r.type())));
      if ((base.contains(name) || TERMINAL.contains(name)) && !covered) {
        out.add(ToolRule.of(TERMINAL.contains(name) ? ToolRule.EXIT_LOOP : ToolRule.CONTINUE_LOOP, name));
      }
    }
    return out;
  }

  private ToolRules() {
  }
}
