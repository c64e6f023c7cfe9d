package dev.engram.toolexecutor.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.contracts.api.ToolDefinition;
import org.junit.jupiter.api.Test;

class PythonToolExecutorTest {
  private static final String SOURCE = "def roll():\n    return 4\n";
  private final PythonToolExecutor executor = new PythonToolExecutor(null, null);

  @Test
  void handlesCustomToolsWithPythonSourceOnly() {
    assertThat(executor.handles(tool(ToolDefinition.CUSTOM, "python", SOURCE))).isTrue();
    assertThat(executor.handles(tool(null, null, SOURCE))).isTrue();
    assertThat(executor.handles(tool(ToolDefinition.CUSTOM, "python", " "))).isFalse();
    assertThat(executor.handles(tool(ToolDefinition.CUSTOM, "typescript", SOURCE))).isFalse();
    assertThat(executor.handles(tool(ToolDefinition.LETTA_CORE, "python", SOURCE))).isFalse();
    assertThat(executor.handles(tool("external_mcp", null, null))).isFalse();
  }

  private static ToolDefinition tool(String type, String sourceType, String source) {
    return new ToolDefinition(null, "roll", null, type, null, null, sourceType, source);
  }
}
