package dev.engram.toolexecutor.builtin;

import dev.engram.contracts.api.ToolDefinition;

/** What makes a tool definition one of the server's own built-ins rather than a user's tool of the same name. */
final class BuiltinTools {
  /** Letta's tool type of the code and web built-ins. */
  static final String LETTA_BUILTIN = "letta_builtin";
  /** Letta's tool type of the tools agents message each other with. */
  static final String LETTA_MULTI_AGENT_CORE = "letta_multi_agent_core";

  /** A built-in of type {@code letta_builtin} (a custom tool that borrows the name brings source instead). */
  static boolean isBuiltin(ToolDefinition tool) {
    return tool.sourceCode() == null && LETTA_BUILTIN.equals(tool.toolType());
  }

  /** A built-in of type {@code letta_multi_agent_core}. */
  static boolean isMultiAgent(ToolDefinition tool) {
    return tool.sourceCode() == null && LETTA_MULTI_AGENT_CORE.equals(tool.toolType());
  }

  private BuiltinTools() {
  }
}
