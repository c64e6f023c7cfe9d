package dev.engram.contracts.events;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** Events on {@code engram.messages.v1}: step-runner's committed messages, feeding the recall index. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({@JsonSubTypes.Type(value = MessagesPersisted.class, name = "MessagesPersisted")})
public sealed interface MessageEvent extends DomainEvent permits MessagesPersisted {
  String agentId();

  @Override
  default String key() {
    return agentId();
  }
}
