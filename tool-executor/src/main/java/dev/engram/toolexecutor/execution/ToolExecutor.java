package dev.engram.toolexecutor.execution;

import dev.engram.contracts.api.ToolDefinition;
import dev.engram.contracts.api.ToolExecutionResult;

/**
 * Runs one kind of tool. Implementations are CDI beans found by {@link ToolExecutorRegistry}; they
 * are called on a virtual thread and may block.
 */
public interface ToolExecutor {

  /** Whether this executor runs {@code tool} (decided by its name and {@code tool_type}). */
  boolean handles(ToolDefinition tool);

  /**
   * Runs the call. A failure the agent should read is an {@link ToolExecutionResult#error} result;
   * an exception is reported to the agent as an error too.
   */
  ToolExecutionResult execute(ToolInvocation invocation);
}
