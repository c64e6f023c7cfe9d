package dev.engram.steprunner.context;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.contracts.MemoryPrompt;
import dev.engram.contracts.api.BlockView;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Golden tests of the compiled system prompt: the expected prompts live in {@code src/test/resources/prompts}.
 * After an intended change of the layout, run with {@code -Dengram.golden.update=true} to rewrite them and
 * review the diff.
 */
class PromptCompilerTest {
  private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");

  private static BlockView block(String label, String value, String description, boolean readOnly, int limit) {
    return new BlockView("block-" + label, label, value, limit, description, readOnly, null, null, null, null, null,
        null, null, null, null, null, null, null, null);
  }

  private static final List<BlockView> BLOCKS = List.of(
      block("persona", "I am Sam.\nI speak briefly.", "Who I am.", true, 5000),
      block("human", "Name: Ada", null, false, 2000),
      block("project", "", "Current project notes.", false, 8000));

  private static PromptCompiler.Inputs inputs(String system, String type, String handle, List<BlockView> blocks,
      String rules, long recall, long archival, List<String> tags) {
    return new PromptCompiler.Inputs(system, type, handle, "agent-11111111-2222-4333-8444-555555555555", null,
        blocks, rules, recall, archival, tags, "Europe/Paris");
  }

  @Test
  void lettaV1AgentOnAnOpenAiModel() throws IOException {
    String prompt = PromptCompiler.compile(inputs("You are Sam, a helpful assistant.", "letta_v1_agent",
        "openai/gpt-4o-mini", BLOCKS, "", 7, 3, List.of("travel", "work")), NOW);
    golden("letta_v1_openai.txt", prompt);
  }

  @Test
  void legacyAgentOnAnAnthropicModelSeesLineNumbers() throws IOException {
    String prompt = PromptCompiler.compile(inputs("You are Sam.", "memgpt_v2_agent",
        "anthropic/claude-sonnet-4-5", BLOCKS, "", 0, 0, List.of()), NOW);
    golden("memgpt_v2_anthropic.txt", prompt);
    assertThat(prompt).contains(MemoryPrompt.LINE_NUMBER_NOTE + "\n1→ I am Sam.\n2→ I speak briefly.\n</value>");
  }

  @Test
  void lineNumbersOnlyForTheirTypesOnAnthropic() {
    assertThat(PromptCompiler.lineNumbered("letta_v1_agent", "anthropic/claude-haiku-4-5")).isTrue();
    assertThat(PromptCompiler.lineNumbered("sleeptime_agent", "anthropic/claude-haiku-4-5")).isTrue();
    assertThat(PromptCompiler.lineNumbered("memgpt_agent", "anthropic/claude-haiku-4-5")).isFalse();
    assertThat(PromptCompiler.lineNumbered("letta_v1_agent", "openai/gpt-4o")).isFalse();
    assertThat(PromptCompiler.lineNumbered("letta_v1_agent", null)).isFalse();
  }

  @Test
  void reactAgentWithToolRulesShowsNoBlocks() throws IOException {
    String rules = "\n\n<tool_usage_rules>\nRules.\n\n<tool_rule>\nsearch ends your turn.\n</tool_rule>\n"
        + "</tool_usage_rules>";
    String prompt = PromptCompiler.compile(inputs("Solve tasks.", "react_agent", "openai/gpt-4o", BLOCKS, rules,
        2, 0, List.of("x")), NOW);
    golden("react_rules.txt", prompt);
    assertThat(prompt).doesNotContain("<memory_blocks>").contains(rules + "\n\n<memory_metadata>");
  }

  @Test
  void coreMemoryPlaceholderIsReplacedInPlace() {
    String prompt = PromptCompiler.compile(inputs("Before\n{CORE_MEMORY}\nAfter", "letta_v1_agent", "openai/x",
        List.of(), "", 0, 0, List.of()), NOW);
    assertThat(prompt).startsWith("Before\n<memory_blocks>\n").endsWith("</memory_metadata>\nAfter");
    assertThat(prompt).doesNotContain(PromptCompiler.CORE_MEMORY);
  }

  @Test
  void recompilationTimeIsInTheAgentsTimezoneWithItsOffset() {
    assertThat(PromptCompiler.stamp(NOW, "Europe/Paris")).isEqualTo("2026-01-02 04:04:05 AM CET+0100");
    assertThat(PromptCompiler.stamp(NOW, "America/Los_Angeles")).isEqualTo("2026-01-01 07:04:05 PM PST-0800");
    assertThat(PromptCompiler.stamp(NOW, "no/such-zone")).isEqualTo("2026-01-02 03:04:05 AM UTC+0000");
  }

  @Test
  void storedPromptStaysUntilWhatItShowsChanges() {
    PromptCompiler.Inputs in = inputs("S", "letta_v1_agent", "openai/x", BLOCKS, "", 4, 1, List.of("a"));
    String stored = PromptCompiler.compile(in, NOW);
    Instant later = NOW.plusSeconds(3600);

    assertThat(PromptCompiler.refresh(stored, in, later)).isEmpty();
    assertThat(PromptCompiler.refresh("S", in, later)).contains(PromptCompiler.compile(in, later));
    assertThat(PromptCompiler.refresh(null, in, later)).isPresent();

    PromptCompiler.Inputs edited = inputs("S", "letta_v1_agent", "openai/x",
        List.of(BLOCKS.get(0), block("human", "Name: Bob", null, false, 2000)), "", 4, 1, List.of("a"));
    PromptCompiler.Inputs moreArchival = inputs("S", "letta_v1_agent", "openai/x", BLOCKS, "", 4, 2, List.of("a"));
    PromptCompiler.Inputs fewerInContext = inputs("S", "letta_v1_agent", "openai/x", BLOCKS, "", 9, 1, List.of("a"));
    PromptCompiler.Inputs newRule = inputs("S", "letta_v1_agent", "openai/x", BLOCKS, "\n\n<tool_usage_rules>\n"
        + "r\n</tool_usage_rules>", 4, 1, List.of("a"));
    PromptCompiler.Inputs newInstructions = inputs("T", "letta_v1_agent", "openai/x", BLOCKS, "", 4, 1,
        List.of("a"));
    for (PromptCompiler.Inputs changed : List.of(edited, moreArchival, fewerInContext, newRule, newInstructions)) {
      assertThat(PromptCompiler.refresh(stored, changed, later)).contains(PromptCompiler.compile(changed, later));
    }
  }

  @Test
  void recompileKeepsTheStoredTimeUnlessAskedToUpdateIt() {
    PromptCompiler.Inputs in = inputs("S", "letta_v1_agent", "openai/x", BLOCKS, "", 0, 0, List.of());
    String stored = PromptCompiler.compile(in, NOW);
    Instant later = NOW.plusSeconds(60);

    assertThat(PromptCompiler.recompile(stored, in, false, later)).isEqualTo(stored);
    assertThat(PromptCompiler.recompile(stored, in, true, later)).isEqualTo(PromptCompiler.compile(in, later));
    assertThat(PromptCompiler.recompile("raw instructions", in, false, later))
        .isEqualTo(PromptCompiler.compile(in, later));
  }

  private static void golden(String name, String actual) throws IOException {
    if (Boolean.getBoolean("engram.golden.update")) {
      Files.writeString(Path.of("src/test/resources/prompts", name), actual, StandardCharsets.UTF_8);
      return;
    }
    try (InputStream in = PromptCompilerTest.class.getResourceAsStream("/prompts/" + name)) {
      assertThat(in).as("golden file prompts/" + name).isNotNull();
      assertThat(actual).isEqualTo(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }
}
