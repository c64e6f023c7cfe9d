package dev.engram.contracts.events;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** Events on {@code engram.agent-inbox.v1}: agent-api tells step-runner what an agent must do. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = MessageReceived.class, name = "MessageReceived"),
    @JsonSubTypes.Type(value = AgentDeleted.class, name = "AgentDeleted"),
    @JsonSubTypes.Type(value = RunCancellationRequested.class, name = "RunCancellationRequested")
})
public sealed interface AgentInboxEvent extends DomainEvent permits MessageReceived, AgentDeleted,
    RunCancellationRequested {
  String agentId();

  @Override
  default String key() {
    return agentId();
  }
}
