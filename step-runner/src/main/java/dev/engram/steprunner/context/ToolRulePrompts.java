package dev.engram.steprunner.context;

import dev.engram.contracts.api.ToolRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code <tool_usage_rules>} section of the system prompt: one {@code <tool_rule>} line per rule,
 * from the rule's own {@code prompt_template} when it has one (with {@code {{ tool_name }}},
 * {@code {{ children | join(', ') }}} and the other rule fields substituted) or else our default wording.
 */
public final class ToolRulePrompts {
  private static final String DESCRIPTION = "These rules constrain which tools you may call and when. Follow "
      + "them; a call that breaks a rule is refused. One response may contain several tool calls.";
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*(\\w+)\\s*(?:\\|\\s*join\\(\\s*(['\"])(.*?)\\2\\s*\\)\\s*)?}}");

  /** {@code "\n\n<tool_usage_rules>...</tool_usage_rules>"}, or "" when no rule renders a line. */
  public static String section(List<ToolRule> rules) {
    List<String> lines = new ArrayList<>();
    for (ToolRule rule : rules == null ? List.<ToolRule>of() : rules) {
      String line = line(rule);
      if (line != null && !line.isBlank()) {
        lines.add(line);
      }
    }
    if (lines.isEmpty()) {
      return "";
    }
    return "\n\n<tool_usage_rules>\n" + DESCRIPTION + "\n\n" + String.join("\n", lines) + "\n</tool_usage_rules>";
  }

  /** The line of one rule. */
  public static String line(ToolRule rule) {
    if (rule.promptTemplate() != null && !rule.promptTemplate().isBlank()) {
      return render(rule.promptTemplate(), rule);
    }
    String tool = rule.toolName();
    String children = String.join(", ", rule.childrenOrEmpty());
    String text = switch (rule.type()) {
      case ToolRule.RUN_FIRST -> "Call " + tool + " before any other tool";
      case ToolRule.EXIT_LOOP -> "Calling " + tool + " ends your turn and hands control back";
      case ToolRule.CONTINUE_LOOP -> "After calling " + tool + " you keep going: your turn does not end there";
      case ToolRule.CONSTRAIN_CHILD_TOOLS -> "Right after " + tool + ", call one of: " + children;
      case ToolRule.PARENT_LAST_TOOL -> children + " may only be called right after " + tool;
      case ToolRule.CONDITIONAL -> "What " + tool + " returns decides which tool you call next";
      case ToolRule.MAX_COUNT_PER_STEP -> tool + " may be called at most " + rule.maxCountLimit()
          + " time(s) per response";
      case ToolRule.REQUIRED_BEFORE_EXIT -> "You must call " + tool + " before you end your turn";
      case ToolRule.REQUIRES_APPROVAL -> "Calls of " + tool + " wait for the user's approval before they run";
      default -> null;
    };
    return text == null ? null : "<tool_rule>\n" + text + "\n</tool_rule>";
  }

  /** Substitutes the rule's fields into a template; unknown names render empty. */
  static String render(String template, ToolRule rule) {
    Map<String, Object> fields = new java.util.HashMap<>();
    fields.put("tool_name", rule.toolName());
    fields.put("type", rule.type());
    fields.put("children", rule.children());
    fields.put("max_count_limit", rule.maxCountLimit());
    fields.put("default_child", rule.defaultChild());
    fields.put("child_output_mapping", rule.childOutputMapping());
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      Object value = fields.get(m.group(1));
      String text;
      if (value instanceof List<?> list) {
        text = String.join(m.group(3) != null ? m.group(3) : ", ", list.stream().map(String::valueOf).toList());
      } else {
        text = value == null ? "" : String.valueOf(value);
      }
      m.appendReplacement(out, Matcher.quoteReplacement(text));
    }
    m.appendTail(out);
    return out.toString();
  }

  private ToolRulePrompts() {
  }
}
