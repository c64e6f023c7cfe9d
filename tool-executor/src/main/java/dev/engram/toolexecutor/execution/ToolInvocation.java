package dev.engram.toolexecutor.execution;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.contracts.api.ToolDefinition;
import java.util.Map;

/**
 * One tool call as an executor sees it: who asked, which tool, the parsed arguments and the environment variables
 * the call runs with (secrets: never log them).
 */
public record ToolInvocation(String agentId, String runId, String toolCallId, ToolDefinition tool,
    ObjectNode arguments, Map<String, String> environment) {

  /** A call without environment variables. */
  public ToolInvocation(String agentId, String runId, String toolCallId, ToolDefinition tool, ObjectNode arguments) {
    this(agentId, runId, toolCallId, tool, arguments, Map.of());
  }

  /** Without the environment's values, which may be secrets. */
  @Override
  public String toString() {
    return "ToolInvocation[agentId=" + agentId + ", runId=" + runId + ", toolCallId=" + toolCallId + ", tool="
        + (tool == null ? null : tool.name()) + ", environment=" + (environment == null ? "{}" : environment.keySet())
        + "]";
  }
}
