package dev.engram.agentapi.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.engram.agentapi.support.AgentApiTestResource;
import dev.engram.agentapi.support.PlaysStepRunner;
import dev.engram.contracts.Ids;
import dev.engram.contracts.events.AgentInboxEvent;
import dev.engram.contracts.events.RunCancellationRequested;
import dev.engram.platform.outbox.Outbox;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The outbox relay (platform's {@code OutboxRelay}) against the real broker and database: every committed event
 * is published once, in commit order, nothing of a rolled-back transaction is, and the published rows leave the
 * table although each round deletes the previous round's rows.
 */
@QuarkusTest
@QuarkusTestResource(AgentApiTestResource.class)
class OutboxRelayTest extends PlaysStepRunner {
  @Inject
  Outbox outbox;
  @Inject
  DataSource dataSource;

  @Test
  void publishesEachCommittedEventOnceInOrderAndEmptiesTheTable() throws Exception {
    // Only step-runner consumes the inbox, and it does not run in these tests: the events reach nobody else.
    String agentId = "agent-" + UUID.randomUUID();
    List<RunCancellationRequested> events = IntStream.range(0, 6).mapToObj(i -> new RunCancellationRequested(
        Ids.newId(Ids.EVENT), agentId, Ids.newId(Ids.RUN), Instant.now())).toList();

    QuarkusTransaction.requiringNew().run(() -> outbox.publish(events.get(0)));
    QuarkusTransaction.requiringNew().run(() -> outbox.publishAll(events.subList(1, 4)));
    assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> {
      outbox.publish(new RunCancellationRequested(Ids.newId(Ids.EVENT), agentId, "run-rolled-back", Instant.now()));
      throw new IllegalStateException("roll back");
    })).hasMessageContaining("roll back");
    QuarkusTransaction.requiringNew().run(() -> outbox.publishAll(events.subList(4, 6)));

    kafka.awaitInbox(agentId, RunCancellationRequested.class, 5);
    // Later rounds (each commit wakes one, and the idle relay looks every 250 ms) must not publish them again.
    kafka.readFor(Duration.ofSeconds(1));
    assertThat(kafka.seenFor(agentId)).extracting(AgentInboxEvent::eventId)
        .containsExactlyElementsOf(events.stream().map(RunCancellationRequested::eventId).toList());
    await().atMost(Duration.ofSeconds(10)).until(() -> rowsKeyed(agentId) == 0);
  }

  private int rowsKeyed(String key) throws Exception {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement("SELECT count(*) FROM outbox WHERE record_key = ?")) {
      s.setString(1, key);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }
}
