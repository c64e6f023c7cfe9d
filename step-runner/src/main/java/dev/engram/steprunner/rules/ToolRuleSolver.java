package dev.engram.steprunner.rules;

import dev.engram.contracts.api.ToolRule;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Letta's tool-rule solver for one run: it remembers which tools the run has called (and the last one's
 * return) and answers which tools are allowed next, whether a call must be forced, and whether a call
 * ends or continues the loop. Pure and single-threaded: a run owns its solver.
 */
public final class ToolRuleSolver {
  private final List<ToolRule> rules;
  private final List<String> history = new ArrayList<>();
  private String lastReturn;

  /** A solver with an empty call history. */
  public ToolRuleSolver(List<ToolRule> rules) {
    this.rules = rules == null ? List.of() : List.copyOf(rules);
  }

  /** Records an executed call and what it returned (the text the conditional rules look at). */
  public void register(String toolName, String toolReturn) {
    history.add(toolName);
    lastReturn = toolReturn;
  }

  /** The tools called so far, in order. */
  public List<String> history() {
    return List.copyOf(history);
  }

  /** Whether the agent has rules other than requires-approval (then parallel tool calls are off). */
  public boolean constrains() {
    return rules.stream().anyMatch(r -> !ToolRule.REQUIRES_APPROVAL.equals(r.type()));
  }

  /**
   * The tools the model may call next, in the order of {@code available}. Before any call, run-first
   * tools alone when there are some (else every tool except parent-gated children); after a call, the
   * intersection of what every child, conditional, max-count and parent rule allows. An empty result
   * falls back to every available tool, as Letta does, so the model is never offered nothing.
   */
  public List<String> allowed(List<String> available) {
    Set<String> all = new LinkedHashSet<>(available);
    Set<String> result;
    if (history.isEmpty()) {
      List<String> init = names(ToolRule.RUN_FIRST);
      if (!init.isEmpty()) {
        result = new LinkedHashSet<>(all);
        result.retainAll(init);
      } else {
        result = new LinkedHashSet<>(all);
        rulesOf(ToolRule.PARENT_LAST_TOOL).forEach(r -> r.childrenOrEmpty().forEach(result::remove));
      }
    } else {
      result = new LinkedHashSet<>(all);
      for (ToolRule r : rules) {
        Set<String> valid = valid(r, all);
        if (valid != null) {
          result.retainAll(valid);
        }
      }
    }
    return result.isEmpty() ? List.copyOf(all) : List.copyOf(result);
  }

  /** The set one rule allows after the current history, or null when the rule does not constrain. */
  private Set<String> valid(ToolRule r, Set<String> all) {
    String last = history.getLast();
    return switch (r.type()) {
      case ToolRule.CONSTRAIN_CHILD_TOOLS -> last.equals(r.toolName()) ? Set.copyOf(r.childrenOrEmpty()) : null;
      case ToolRule.PARENT_LAST_TOOL -> {
        if (last.equals(r.toolName())) {
          yield Set.copyOf(r.childrenOrEmpty());
        }
        Set<String> without = new LinkedHashSet<>(all);
        r.childrenOrEmpty().forEach(without::remove);
        yield without;
      }
      case ToolRule.CONDITIONAL -> last.equals(r.toolName()) ? conditional(r) : null;
      case ToolRule.MAX_COUNT_PER_STEP -> {
        long count = history.stream().filter(r.toolName()::equals).count();
        if (r.maxCountLimit() != null && count >= r.maxCountLimit()) {
          Set<String> without = new LinkedHashSet<>(all);
          without.remove(r.toolName());
          yield without;
        }
        yield null;
      }
      default -> null;
    };
  }

  /** The child a conditional rule maps the last return to; null (no constraint) when nothing maps. */
  private Set<String> conditional(ToolRule r) {
    String output = lastReturn == null ? "" : lastReturn.strip();
    for (var entry : r.childOutputMapping().entrySet()) {
      if (matches(output, entry.getKey())) {
        return Set.of(String.valueOf(entry.getValue()));
      }
    }
    if (Boolean.TRUE.equals(r.requireOutputMapping())) {
      return Set.of();
    }
    return r.defaultChild() == null ? null : Set.of(r.defaultChild());
  }

  /**
   * Letta's key matching: JSON object keys are strings, so a key written as true/false matches a boolean
   * output case-insensitively, a numeric key matches a numerically equal output, any other key exactly.
   */
  static boolean matches(String output, String key) {
    if (key.equalsIgnoreCase("true") || key.equalsIgnoreCase("false")) {
      return output.toLowerCase(Locale.ROOT).equals(key.toLowerCase(Locale.ROOT));
    }
    try {
      return new BigDecimal(key).compareTo(new BigDecimal(output)) == 0;
    } catch (NumberFormatException notNumeric) {
      return output.equals(key);
    }
  }

  /**
   * Whether the next call must be forced: a run-first rule is still pending, or the last tool has a
   * child, conditional or parent rule.
   */
  public boolean forcesToolCall() {
    if (history.isEmpty()) {
      return !names(ToolRule.RUN_FIRST).isEmpty();
    }
    String last = history.getLast();
    return rules.stream().anyMatch(r -> r.toolName().equals(last) && (ToolRule.CONSTRAIN_CHILD_TOOLS.equals(r.type())
        || ToolRule.CONDITIONAL.equals(r.type()) || ToolRule.PARENT_LAST_TOOL.equals(r.type())));
  }

  /** Whether calling the tool ends the loop. */
  public boolean isTerminal(String toolName) {
    return has(ToolRule.EXIT_LOOP, toolName);
  }

  /** Whether calling the tool continues the loop. */
  public boolean isContinue(String toolName) {
    return has(ToolRule.CONTINUE_LOOP, toolName);
  }

  /** Whether the tool constrains what follows it (child or conditional rule): the loop continues after it. */
  public boolean hasChildren(String toolName) {
    return has(ToolRule.CONSTRAIN_CHILD_TOOLS, toolName) || has(ToolRule.CONDITIONAL, toolName);
  }

  /** Whether a call of the tool must wait for a human's approval. */
  public boolean requiresApproval(String toolName) {
    return has(ToolRule.REQUIRES_APPROVAL, toolName);
  }

  /** The required-before-exit tools, among {@code available}, that the run has not called yet. */
  public List<String> uncalledRequired(List<String> available) {
    return names(ToolRule.REQUIRED_BEFORE_EXIT).stream()
        .filter(available::contains).filter(n -> !history.contains(n)).distinct().toList();
  }

  /** The tool names of the rules of one kind, in rule order. */
  private List<String> names(String type) {
    return rulesOf(type).stream().map(ToolRule::toolName).distinct().toList();
  }

  private List<ToolRule> rulesOf(String type) {
    return rules.stream().filter(r -> type.equals(r.type())).toList();
  }

  private boolean has(String type, String toolName) {
    return rules.stream().anyMatch(r -> type.equals(r.type()) && r.toolName().equals(toolName));
  }
}
