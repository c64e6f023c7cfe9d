package dev.engram.toolexecutor.execution;

import dev.engram.contracts.api.ToolDefinition;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import java.util.List;
import java.util.Optional;

/** Picks the executor of a tool among the {@link ToolExecutor} beans of this deployment. */
@ApplicationScoped
public class ToolExecutorRegistry {
  private final List<ToolExecutor> executors;

  ToolExecutorRegistry(@Any Instance<ToolExecutor> executors) {
    this.executors = executors.stream().toList();
  }

  /** The executor that runs {@code tool}, if this deployment has one. */
  public Optional<ToolExecutor> executorFor(ToolDefinition tool) {
    return executors.stream().filter(e -> e.handles(tool)).findFirst();
  }

  /** Why {@code tool} cannot run here, worded for the agent that called it. */
  public static String unsupported(ToolDefinition tool) {
    String type = tool.toolType() == null ? ToolDefinition.CUSTOM : tool.toolType();
    String reason = switch (type) {
      case ToolDefinition.CUSTOM -> "it has no Python source code to run";
      case ToolDefinition.EXTERNAL_MCP -> "it does not name the MCP server that serves it";
      default -> "tools of type '" + type + "' are not available in this deployment yet";
    };
    return "Tool '" + tool.name() + "' cannot be executed: " + reason + ".";
  }
}
