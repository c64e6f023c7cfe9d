package dev.engram.steprunner.context;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.contracts.api.ToolRule;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ToolRulePromptsTest {

  @Test
  void noRulesRenderNothing() {
    assertThat(ToolRulePrompts.section(List.of())).isEmpty();
    assertThat(ToolRulePrompts.section(null)).isEmpty();
  }

  @Test
  void everyKindRendersOneToolRuleEntryInsideTheSection() {
    List<ToolRule> rules = List.of(ToolRule.of(ToolRule.RUN_FIRST, "a"), ToolRule.of(ToolRule.EXIT_LOOP, "b"),
        ToolRule.of(ToolRule.CONTINUE_LOOP, "c"),
        ToolRule.withChildren(ToolRule.CONSTRAIN_CHILD_TOOLS, "d", List.of("e", "f")),
        ToolRule.withChildren(ToolRule.PARENT_LAST_TOOL, "g", List.of("h")),
        ToolRule.conditional("i", Map.of("x", "j"), null, false), ToolRule.maxCount("k", 3),
        ToolRule.of(ToolRule.REQUIRED_BEFORE_EXIT, "l"), ToolRule.of(ToolRule.REQUIRES_APPROVAL, "m"));

    String section = ToolRulePrompts.section(rules);

    assertThat(section).startsWith("\n\n<tool_usage_rules>\n").endsWith("\n</tool_usage_rules>");
    assertThat(section.split("<tool_rule>", -1)).hasSize(10);
    assertThat(section).contains("<tool_rule>\nRight after d, call one of: e, f\n</tool_rule>")
        .contains("k may be called at most 3 time(s)").contains("Calling b ends your turn");
  }

  @Test
  void aPromptTemplateReplacesTheDefaultLine() {
    ToolRule rule = new ToolRule(ToolRule.CONSTRAIN_CHILD_TOOLS, "search", "<tool_rule>{{ tool_name }} then "
        + "{{ children | join(' or ') }}</tool_rule>", null, List.of("read", "summarize"), null, null, null, null, null);

    assertThat(ToolRulePrompts.line(rule)).isEqualTo("<tool_rule>search then read or summarize</tool_rule>");
  }
}
