package dev.engram.steprunner.context;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.contracts.api.BlockView;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PromptCompilerTest {
  private static BlockView block(String label, String value, boolean readOnly) {
    return new BlockView("block-1", label, value, 5000, "About " + label, readOnly, null, null, null, null, null,
        null, null, null, null, null, null, null, null);
  }

  @Test
  void compilesInstructionsBlocksAndMetadata() {
    String prompt = PromptCompiler.compile("You are Sam.", "agent-1",
        List.of(block("persona", "I am Sam.", true), block("human", "Name: Ada", false)), 7, "Europe/Paris",
        Instant.parse("2026-01-02T03:04:05Z"));

    assertThat(prompt).startsWith("You are Sam.\n\n<memory_blocks>");
    assertThat(prompt).contains("<persona>\n<description>\nAbout persona\n</description>\n<metadata>\n"
        + "- read_only=true\n- chars_current=9\n- chars_limit=5000\n</metadata>\n<value>\nI am Sam.\n</value>\n</persona>");
    assertThat(prompt).contains("<human>").doesNotContain("<human>\n<description>\nAbout human\n</description>\n"
        + "<metadata>\n- read_only=true");
    assertThat(prompt).contains("- AGENT_ID: agent-1").contains("2026-01-02 04:04:05 AM CET").contains("- 7 earlier");
  }

  @Test
  void substitutesCoreMemoryPlaceholder() {
    String prompt = PromptCompiler.compile("Before {CORE_MEMORY} after", "agent-1", List.of(), 0, "UTC",
        Instant.EPOCH);
    assertThat(prompt).startsWith("Before <memory_blocks>").endsWith("</memory_metadata> after");
  }

  @Test
  void promptIsCurrentUntilABlockChanges() {
    List<BlockView> blocks = List.of(block("human", "Name: Ada", false));
    String prompt = PromptCompiler.compile("S", "agent-1", blocks, 0, "UTC", Instant.EPOCH);

    assertThat(PromptCompiler.isCurrent(prompt, "S", blocks)).isTrue();
    assertThat(PromptCompiler.isCurrent(prompt, "S", List.of(block("human", "Name: Bob", false)))).isFalse();
    assertThat(PromptCompiler.isCurrent(prompt, "Other system", blocks)).isFalse();
    assertThat(PromptCompiler.isCurrent("S", "S", blocks)).isFalse();
  }
}
