package dev.engram.toolexecutor.execution;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.contracts.api.ToolDefinition;
import dev.engram.contracts.api.ToolExecutionResult;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Letta's legacy reply tool: the message itself reaches the user as the tool call's arguments, so
 * executing it only confirms delivery to the agent.
 */
@ApplicationScoped
public class SendMessageExecutor implements ToolExecutor {
  /** The tool's name. */
  public static final String NAME = "send_message";
  /** What the agent reads after a successful call. */
  public static final String SENT = "Sent message successfully.";

  @Override
  public boolean handles(ToolDefinition tool) {
    // A user tool that merely borrows the name (or brings its own source) is not the built-in one.
    return NAME.equals(tool.name()) && tool.sourceCode() == null
        && (tool.toolType() == null || ToolDefinition.LETTA_CORE.equals(tool.toolType()));
  }

  @Override
  public ToolExecutionResult execute(ToolInvocation invocation) {
    JsonNode message = invocation.arguments().get("message");
    if (message == null || !message.isTextual()) {
      return ToolExecutionResult.error("send_message needs a string argument 'message'.");
    }
    return ToolExecutionResult.success(SENT);
  }
}
