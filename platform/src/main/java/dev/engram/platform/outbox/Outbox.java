package dev.engram.platform.outbox;

import dev.engram.contracts.Json;
import dev.engram.contracts.events.DomainEvent;
import dev.engram.contracts.events.EventTopics;
import dev.engram.platform.db.AfterCommit;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import javax.sql.DataSource;

/**
 * Writes events to the outbox table inside the caller's transaction; the {@link OutboxRelay}
 * publishes them once that transaction commits (and never if it rolls back).
 */
@ApplicationScoped
public class Outbox {
  private final DataSource dataSource;
  private final TransactionSynchronizationRegistry transactions;
  private final OutboxRelay relay;
  private final Counter written;

  Outbox(DataSource dataSource, TransactionSynchronizationRegistry transactions, OutboxRelay relay,
      MeterRegistry meters) {
    this.dataSource = dataSource;
    this.transactions = transactions;
    this.relay = relay;
    this.written = meters.counter("engram.outbox.written");
  }

  /** Adds one event to the current transaction. */
  public void publish(DomainEvent event) {
    publishAll(List.of(event));
  }

  /** Adds events, in order, to the current transaction; requires an active JTA transaction. */
  public void publishAll(Collection<? extends DomainEvent> events) {
    if (events.isEmpty()) {
      return;
    }
    if (transactions.getTransactionStatus() != Status.STATUS_ACTIVE) {
      throw new IllegalStateException("Outbox.publish needs an active transaction (use @Transactional)");
    }
    String[] topics = new String[events.size()];
    String[] keys = new String[events.size()];
    String[] payloads = new String[events.size()];
    int i = 0;
    for (DomainEvent event : events) {
      topics[i] = EventTopics.topicOf(event);
      keys[i] = event.key();
      payloads[i++] = Json.write(event);
    }
    // One statement however many events; ORDER BY keeps their ids (the relay's publish order) in call order.
    try (Connection c = dataSource.getConnection();
        PreparedStatement insert = c.prepareStatement("INSERT INTO outbox (topic, record_key, payload) "
            + "SELECT topic, record_key, payload FROM unnest(?::text[], ?::text[], ?::text[]) WITH ORDINALITY "
            + "AS e(topic, record_key, payload, n) ORDER BY n")) {
      insert.setArray(1, c.createArrayOf("text", topics));
      insert.setArray(2, c.createArrayOf("text", keys));
      insert.setArray(3, c.createArrayOf("text", payloads));
      insert.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("Could not write to the outbox", e);
    }
    written.increment(events.size());
    AfterCommit.run(transactions, relay::wakeUp);
  }
}
