package dev.engram.agentapi.message;

import dev.engram.contracts.message.ApprovalRequestMessage;
import dev.engram.contracts.message.ApprovalResponseMessage;
import dev.engram.contracts.message.AssistantMessage;
import dev.engram.contracts.message.LettaMessage;
import dev.engram.contracts.message.ReasoningMessage;
import dev.engram.contracts.message.SystemMessage;
import dev.engram.contracts.message.ToolCallMessage;
import dev.engram.contracts.message.ToolReturnMessage;
import dev.engram.contracts.message.UserMessage;
import java.util.List;

/** Letta's {@code message_type} of each message, for {@code include_return_message_types}. */
final class MessageTypes {

  static String of(LettaMessage message) {
    return switch (message) {
      case SystemMessage m -> "system_message";
      case UserMessage m -> "user_message";
      case AssistantMessage m -> "assistant_message";
      case ReasoningMessage m -> "reasoning_message";
      case ToolCallMessage m -> "tool_call_message";
      case ToolReturnMessage m -> "tool_return_message";
      case ApprovalRequestMessage m -> "approval_request_message";
      case ApprovalResponseMessage m -> "approval_response_message";
    };
  }

  /** The messages whose type is in {@code types}; all of them when {@code types} is null. */
  static List<LettaMessage> filter(List<LettaMessage> messages, List<String> types) {
    return types == null ? messages : messages.stream().filter(m -> types.contains(of(m))).toList();
  }

  private MessageTypes() {
  }
}
