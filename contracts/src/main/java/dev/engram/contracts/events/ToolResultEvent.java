package dev.engram.contracts.events;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** Events on {@code engram.tool-results.v1}: tool-executor answers a {@link ToolCallRequested}. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ToolCallSucceeded.class, name = "ToolCallSucceeded"),
    @JsonSubTypes.Type(value = ToolCallFailed.class, name = "ToolCallFailed")
})
public sealed interface ToolResultEvent extends DomainEvent permits ToolCallSucceeded, ToolCallFailed {
  String agentId();

  String idempotencyKey();

  @Override
  default String key() {
    return agentId();
  }
}
