package dev.engram.toolexecutor.sandbox;

import dev.engram.contracts.api.ToolDefinition;
import dev.engram.contracts.api.ToolExecutionResult;
import dev.engram.toolexecutor.execution.ToolExecutor;
import dev.engram.toolexecutor.client.AgentSecretsClient;
import dev.engram.toolexecutor.execution.ToolInvocation;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;

/**
 * Runs custom tools written in Python ({@code source_type} "python") in the {@link PythonSandbox}, with the calling
 * agent's secrets (read from agent-api now) and the request's own environment as environment variables.
 */
@ApplicationScoped
public class PythonToolExecutor implements ToolExecutor {
  /** Letta's source type of Python tools, and the default when a tool names none. */
  public static final String PYTHON = "python";

  private final PythonSandbox sandbox;
  private final AgentSecretsClient secrets;

  PythonToolExecutor(PythonSandbox sandbox, AgentSecretsClient secrets) {
    this.sandbox = sandbox;
    this.secrets = secrets;
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
    // Uncut: step-runner cuts every tool's return to its return_char_limit, saying how much it cut.
    Map<String, String> environment = new HashMap<>(secrets.secretsOf(invocation.agentId()));
    environment.putAll(invocation.environment());
    return sandbox.run(tool.sourceCode(), tool.name(), invocation.arguments(), environment);
  }
}
