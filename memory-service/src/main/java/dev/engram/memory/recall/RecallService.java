package dev.engram.memory.recall;

import dev.engram.contracts.events.MessagesPersisted;
import dev.engram.contracts.events.MessagesPersisted.RecallEntry;
import dev.engram.platform.messaging.ProcessedEvents;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;

/** Maintains and searches the recall index (every stored message of every agent, as text). */
@ApplicationScoped
public class RecallService {
  /** Consumer name under which processed MessagesPersisted ids are recorded. */
  static final String CONSUMER = "memory-service.recall";

  private final RecallRepository recall;
  private final ProcessedEvents processed;
  private final Counter indexed;

  RecallService(RecallRepository recall, ProcessedEvents processed, MeterRegistry meters) {
    this.recall = recall;
    this.processed = processed;
    this.indexed = meters.counter("engram.memory.recall.indexed");
  }

  /** Indexes the event's messages once, however often the event is delivered. */
  @Transactional
  public void index(MessagesPersisted event) {
    if (!processed.firstDelivery(CONSUMER, event.eventId())) {
      return;
    }
    List<RecallEntry> entries = event.messages() == null ? List.of() : event.messages();
    for (RecallEntry entry : entries) {
      if (entry != null && entry.messageId() != null && entry.role() != null && recall.insert(event.agentId(), entry)) {
        indexed.increment();
      }
    }
  }

  /** Messages indexed for the agent. */
  public long count(String agentId) {
    return recall.count(agentId);
  }

  /** Newest matching messages of the agent. */
  public List<RecallHit> search(RecallQuery query) {
    return recall.search(query);
  }
}
