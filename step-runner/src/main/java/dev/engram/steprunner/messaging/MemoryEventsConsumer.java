package dev.engram.steprunner.messaging;

import dev.engram.contracts.events.BlockDeleted;
import dev.engram.contracts.events.BlockUpdated;
import dev.engram.contracts.events.EventTopics;
import dev.engram.contracts.events.MemoryEvent;
import dev.engram.steprunner.context.BlockCache;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Drops cached blocks when memory-service changes them; every instance listens (a group of its own). */
@ApplicationScoped
public class MemoryEventsConsumer {
  private final BlockCache cache;

  MemoryEventsConsumer(BlockCache cache) {
    this.cache = cache;
  }

  @Incoming("memory-events")
  @Blocking(ordered = false)
  public void consume(String payload) {
    MemoryEvent event = EventTopics.parse(payload, MemoryEvent.class);
    switch (event) {
      case BlockUpdated updated -> cache.invalidate(updated.agentIds());
      case BlockDeleted deleted -> cache.invalidate(deleted.agentIds());
    }
  }
}
