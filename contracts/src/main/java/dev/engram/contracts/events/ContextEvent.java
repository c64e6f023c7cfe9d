package dev.engram.contracts.events;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** Events on {@code engram.context.v1}: step-runner asks the summarizer to compact a context window. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({@JsonSubTypes.Type(value = ContextWindowOverflowed.class, name = "ContextWindowOverflowed")})
public sealed interface ContextEvent extends DomainEvent permits ContextWindowOverflowed {
  String agentId();

  @Override
  default String key() {
    return agentId();
  }
}
