package dev.engram.contracts.message;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * Letta's {@code LettaMessage} union as clients see it, discriminated by {@code message_type}.
 * Several parts of one stored message share its {@code id}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "message_type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = SystemMessage.class, name = "system_message"),
    @JsonSubTypes.Type(value = UserMessage.class, name = "user_message"),
    @JsonSubTypes.Type(value = AssistantMessage.class, name = "assistant_message"),
    @JsonSubTypes.Type(value = ReasoningMessage.class, name = "reasoning_message"),
    @JsonSubTypes.Type(value = ToolCallMessage.class, name = "tool_call_message"),
    @JsonSubTypes.Type(value = ToolReturnMessage.class, name = "tool_return_message"),
    @JsonSubTypes.Type(value = ApprovalRequestMessage.class, name = "approval_request_message"),
    @JsonSubTypes.Type(value = ApprovalResponseMessage.class, name = "approval_response_message")
})
public sealed interface LettaMessage
    permits SystemMessage, UserMessage, AssistantMessage, ReasoningMessage, ToolCallMessage, ToolReturnMessage,
    ApprovalRequestMessage, ApprovalResponseMessage {

  String id();

  String date();

  String runId();

  String stepId();
}
