package dev.engram.toolexecutor.sandbox;

import dev.engram.contracts.api.ToolDefinition;
import dev.engram.contracts.api.ToolExecutionResult;
import dev.engram.toolexecutor.execution.ToolExecutor;
import dev.engram.toolexecutor.execution.ToolInvocation;
import jakarta.enterprise.context.ApplicationScoped;

/** Runs custom tools written in Python ({@code source_type} "python") in the {@link PythonSandbox}. */
@ApplicationScoped
public class PythonToolExecutor implements ToolExecutor {
  /** Letta's source type of Python tools, and the default when a tool names none. */
  public static final String PYTHON = "python";

  private final PythonSandbox sandbox;
  private final SandboxConfig config;

  PythonToolExecutor(PythonSandbox sandbox, SandboxConfig config) {
    this.sandbox = sandbox;
    this.config = config;
  }

  @Override
  public boolean handles(ToolDefinition tool) {
    boolean custom = tool.toolType() == null || ToolDefinition.CUSTOM.equals(tool.toolType());
    boolean python = tool.sourceType() == null || PYTHON.equalsIgnoreCase(tool.sourceType());
    return custom && python && tool.sourceCode() != null && !tool.sourceCode().isBlank();
  }

  @Override
  public ToolExecutionResult execute(ToolInvocation invocation) {
    ToolDefinition tool = invocation.tool();
    ToolExecutionResult result = sandbox.run(tool.sourceCode(), tool.name(), invocation.arguments(),
        invocation.environment());
    return truncate(result, tool.returnCharLimit() == null ? config.defaultReturnCharLimit() : tool.returnCharLimit());
  }

  /** Cuts the return to the tool's {@code return_char_limit}, saying how much was cut (as step-runner does). */
  static ToolExecutionResult truncate(ToolExecutionResult result, int max) {
    String text = result.toolReturn();
    if (text == null || max < 0 || text.length() <= max) {
      return result;
    }
    String cut = text.substring(0, max) + "... [truncated: " + (text.length() - max) + " more characters]";
    return new ToolExecutionResult(result.status(), cut, result.stdout(), result.stderr());
  }
}
