package dev.engram.toolexecutor.execution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.contracts.api.ToolDefinition;
import org.junit.jupiter.api.Test;

class ToolExecutorRegistryTest {

  @Test
  void customToolsWithoutSourceAreExplained() {
    assertThat(ToolExecutorRegistry.unsupported(tool("roll_dice", ToolDefinition.CUSTOM)))
        .isEqualTo("Tool 'roll_dice' cannot be executed: it has no Python source code to run.");
    assertThat(ToolExecutorRegistry.unsupported(tool("roll_dice", null)))
        .isEqualTo(ToolExecutorRegistry.unsupported(tool("roll_dice", ToolDefinition.CUSTOM)));
  }

  @Test
  void otherToolTypesAreNamed() {
    assertThat(ToolExecutorRegistry.unsupported(tool("linear_search", "external_mcp")))
        .isEqualTo("Tool 'linear_search' cannot be executed: it does not name the MCP server that serves it.");
    assertThat(ToolExecutorRegistry.unsupported(tool("web_search", "letta_builtin")))
        .isEqualTo("Tool 'web_search' cannot be executed: tools of type 'letta_builtin' are not available in "
            + "this deployment yet.");
  }

  private static ToolDefinition tool(String name, String type) {
    return new ToolDefinition(null, name, null, type, null, null);
  }
}
