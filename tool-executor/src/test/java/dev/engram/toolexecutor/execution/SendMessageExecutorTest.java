package dev.engram.toolexecutor.execution;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.contracts.Json;
import dev.engram.contracts.api.ToolDefinition;
import dev.engram.contracts.api.ToolExecutionResult;
import org.junit.jupiter.api.Test;

class SendMessageExecutorTest {
  private final SendMessageExecutor executor = new SendMessageExecutor();

  @Test
  void handlesOnlyTheBuiltInTool() {
    assertThat(executor.handles(tool("send_message", ToolDefinition.LETTA_CORE))).isTrue();
    assertThat(executor.handles(tool("send_message", null))).isTrue();
    assertThat(executor.handles(tool("send_message", ToolDefinition.CUSTOM))).isFalse();
    assertThat(executor.handles(tool("web_search", ToolDefinition.LETTA_CORE))).isFalse();
  }

  @Test
  void confirmsASentMessage() {
    ToolExecutionResult result = executor.execute(invocation("{\"message\": \"Hello\"}"));
    assertThat(result).isEqualTo(ToolExecutionResult.success(SendMessageExecutor.SENT));
  }

  @Test
  void requiresAStringMessage() {
    ToolExecutionResult result = executor.execute(invocation("{\"message\": 42}"));
    assertThat(result.ok()).isFalse();
    assertThat(result.toolReturn()).isEqualTo("send_message needs a string argument 'message'.");
  }

  private static ToolDefinition tool(String name, String type) {
    return new ToolDefinition(null, name, null, type, null, null);
  }

  private static ToolInvocation invocation(String arguments) {
    return new ToolInvocation("agent-1", "run-1", "call_1", tool("send_message", ToolDefinition.LETTA_CORE),
        Json.read(arguments, ObjectNode.class));
  }
}
