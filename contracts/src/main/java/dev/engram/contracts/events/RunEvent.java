package dev.engram.contracts.events;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** Events on {@code engram.run-events.v1}: step-runner reports a run's progress to agent-api. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = RunStarted.class, name = "RunStarted"),
    @JsonSubTypes.Type(value = StepCompleted.class, name = "StepCompleted"),
    @JsonSubTypes.Type(value = RunCompleted.class, name = "RunCompleted"),
    @JsonSubTypes.Type(value = RunFailed.class, name = "RunFailed"),
    @JsonSubTypes.Type(value = MessageChunk.class, name = "MessageChunk")
})
public sealed interface RunEvent extends DomainEvent permits RunStarted, StepCompleted, RunCompleted, RunFailed,
    MessageChunk {
  String agentId();

  String runId();

  @Override
  default String key() {
    return agentId();
  }
}
