package dev.engram.toolexecutor.execution;

import dev.engram.contracts.api.ToolDefinition;
import dev.engram.contracts.api.ToolExecutionResult;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * Runs one invocation with the executor of its tool, whether it came as a Kafka tool call or as a direct run
 * through the internal API. Never throws for the tool's sake: a tool without executor or a failing executor is an
 * error result worded for the agent.
 */
@ApplicationScoped
public class ToolDispatch {
  private final ToolExecutorRegistry registry;

  ToolDispatch(ToolExecutorRegistry registry) {
    this.registry = registry;
  }

  /** The tool's result; blocks for as long as the tool runs. */
  public ToolExecutionResult run(ToolInvocation invocation) {
    ToolDefinition tool = invocation.tool();
    Optional<ToolExecutor> executor = registry.executorFor(tool);
    if (executor.isEmpty()) {
      return ToolExecutionResult.error(ToolExecutorRegistry.unsupported(tool));
    }
    try {
      return executor.get().execute(invocation);
    } catch (RuntimeException e) {
      Log.warnf(e, "Tool %s failed", tool.name());
      String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      return ToolExecutionResult.error("Error executing tool '" + tool.name() + "': " + why);
    }
  }
}
