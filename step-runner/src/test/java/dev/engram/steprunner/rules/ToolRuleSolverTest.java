package dev.engram.steprunner.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.contracts.api.ToolRule;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ToolRuleSolverTest {
  private static final List<String> TOOLS = List.of("a", "b", "c", "d");

  @Test
  void withoutRulesEverythingIsAllowedAndNothingForced() {
    ToolRuleSolver solver = new ToolRuleSolver(List.of());
    solver.register("a", "x");
    assertThat(solver.allowed(TOOLS)).containsExactlyElementsOf(TOOLS);
    assertThat(solver.forcesToolCall()).isFalse();
    assertThat(solver.constrains()).isFalse();
  }

  @Test
  void runFirstAllowsOnlyItsToolsAndForcesACallUntilSomethingRan() {
    ToolRuleSolver solver = new ToolRuleSolver(List.of(ToolRule.of(ToolRule.RUN_FIRST, "b")));
    assertThat(solver.allowed(TOOLS)).containsExactly("b");
    assertThat(solver.forcesToolCall()).isTrue();
    solver.register("b", "ok");
    assertThat(solver.allowed(TOOLS)).containsExactlyElementsOf(TOOLS);
    assertThat(solver.forcesToolCall()).isFalse();
  }

  @Test
  void terminalAndContinueRulesClassifyTools() {
    ToolRuleSolver solver = new ToolRuleSolver(List.of(ToolRule.of(ToolRule.EXIT_LOOP, "a"),
        ToolRule.of(ToolRule.CONTINUE_LOOP, "b")));
    assertThat(solver.isTerminal("a")).isTrue();
    assertThat(solver.isTerminal("b")).isFalse();
    assertThat(solver.isContinue("b")).isTrue();
    assertThat(solver.constrains()).isTrue();
  }

  @Test
  void childRuleConstrainsAndForcesOnlyRightAfterItsTool() {
    ToolRuleSolver solver = new ToolRuleSolver(List.of(
        ToolRule.withChildren(ToolRule.CONSTRAIN_CHILD_TOOLS, "a", List.of("c", "d"))));
    solver.register("b", "");
    assertThat(solver.allowed(TOOLS)).containsExactlyElementsOf(TOOLS);
    solver.register("a", "");
    assertThat(solver.allowed(TOOLS)).containsExactly("c", "d");
    assertThat(solver.forcesToolCall()).isTrue();
    assertThat(solver.hasChildren("a")).isTrue();
  }

  @Test
  void parentRuleGatesItsChildrenBehindTheParent() {
    ToolRuleSolver solver = new ToolRuleSolver(List.of(
        ToolRule.withChildren(ToolRule.PARENT_LAST_TOOL, "a", List.of("c"))));
    assertThat(solver.allowed(TOOLS)).containsExactly("a", "b", "d");
    solver.register("b", "");
    assertThat(solver.allowed(TOOLS)).containsExactly("a", "b", "d");
    solver.register("a", "");
    assertThat(solver.allowed(TOOLS)).containsExactly("c");
  }

  @Test
  void conditionalRuleMapsTheLastReturnToTheNextTool() {
    Map<String, Object> mapping = new LinkedHashMap<>();
    mapping.put("true", "b");
    mapping.put("42", "c");
    mapping.put("go", "d");
    ToolRuleSolver solver = new ToolRuleSolver(List.of(ToolRule.conditional("a", mapping, null, false)));
    solver.register("a", "True");
    assertThat(solver.allowed(TOOLS)).containsExactly("b");
    solver.register("a", "42.0");
    assertThat(solver.allowed(TOOLS)).containsExactly("c");
    solver.register("a", "go");
    assertThat(solver.allowed(TOOLS)).containsExactly("d");
    assertThat(solver.forcesToolCall()).isTrue();
    solver.register("a", "unmapped");
    assertThat(solver.allowed(TOOLS)).as("no default: no constraint").containsExactlyElementsOf(TOOLS);

    ToolRuleSolver withDefault = new ToolRuleSolver(List.of(ToolRule.conditional("a", mapping, "c", false)));
    withDefault.register("a", "unmapped");
    assertThat(withDefault.allowed(TOOLS)).containsExactly("c");
    ToolRuleSolver strict = new ToolRuleSolver(List.of(ToolRule.conditional("a", mapping, "c", true),
        ToolRule.withChildren(ToolRule.CONSTRAIN_CHILD_TOOLS, "a", List.of("d"))));
    strict.register("a", "unmapped");
    assertThat(strict.allowed(TOOLS)).as("an empty set falls back to every tool").containsExactlyElementsOf(TOOLS);
  }

  @Test
  void maxCountRemovesAToolAfterItsLimitWithinTheRun() {
    ToolRuleSolver solver = new ToolRuleSolver(List.of(ToolRule.maxCount("a", 2)));
    solver.register("a", "");
    assertThat(solver.allowed(TOOLS)).contains("a");
    solver.register("b", "");
    solver.register("a", "");
    assertThat(solver.allowed(TOOLS)).containsExactly("b", "c", "d");
    assertThat(solver.forcesToolCall()).isFalse();
  }

  @Test
  void requiredBeforeExitListsOnlyAvailableUncalledTools() {
    ToolRuleSolver solver = new ToolRuleSolver(List.of(ToolRule.of(ToolRule.REQUIRED_BEFORE_EXIT, "b"),
        ToolRule.of(ToolRule.REQUIRED_BEFORE_EXIT, "z")));
    assertThat(solver.uncalledRequired(TOOLS)).containsExactly("b");
    solver.register("b", "");
    assertThat(solver.uncalledRequired(TOOLS)).isEmpty();
  }

  @Test
  void requiresApprovalDoesNotConstrainTheOffer() {
    ToolRuleSolver solver = new ToolRuleSolver(List.of(ToolRule.of(ToolRule.REQUIRES_APPROVAL, "a")));
    assertThat(solver.requiresApproval("a")).isTrue();
    assertThat(solver.constrains()).as("parallel calls stay possible").isFalse();
    assertThat(solver.allowed(TOOLS)).containsExactlyElementsOf(TOOLS);
  }

  @Test
  void rulesIntersect() {
    ToolRuleSolver solver = new ToolRuleSolver(List.of(
        ToolRule.withChildren(ToolRule.CONSTRAIN_CHILD_TOOLS, "a", List.of("a", "b")), ToolRule.maxCount("a", 1)));
    solver.register("a", "");
    assertThat(solver.allowed(TOOLS)).containsExactly("b");
  }
}
