package dev.engram.toolexecutor.execution;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.contracts.api.ToolDefinition;

/** One tool call as an executor sees it: who asked, which tool, and the parsed arguments. */
public record ToolInvocation(String agentId, String runId, String toolCallId, ToolDefinition tool,
    ObjectNode arguments) {
}
