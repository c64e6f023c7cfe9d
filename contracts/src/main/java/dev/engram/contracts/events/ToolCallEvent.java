package dev.engram.contracts.events;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** Events on {@code engram.tool-calls.v1}: step-runner asks tool-executor to run a tool. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({@JsonSubTypes.Type(value = ToolCallRequested.class, name = "ToolCallRequested")})
public sealed interface ToolCallEvent extends DomainEvent permits ToolCallRequested {
  String agentId();

  @Override
  default String key() {
    return agentId();
  }
}
