package dev.engram.contracts.events;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** Events on {@code engram.memory.v1} (key = block id): memory-service announces block changes. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = BlockUpdated.class, name = "BlockUpdated"),
    @JsonSubTypes.Type(value = BlockDeleted.class, name = "BlockDeleted")
})
public sealed interface MemoryEvent extends DomainEvent permits BlockUpdated, BlockDeleted {
  String blockId();

  @Override
  default String key() {
    return blockId();
  }
}
