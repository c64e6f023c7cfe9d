package dev.engram.steprunner.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.contracts.Ids;
import dev.engram.contracts.Json;
import dev.engram.contracts.api.InputMessage;
import dev.engram.contracts.events.MessageReceived;
import dev.engram.platform.db.Sql;
import dev.engram.steprunner.StepRunnerTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Queuing an inbox event records it as processed in the same statement: a redelivery never queues a run again. */
@QuarkusTest
@QuarkusTestResource(StepRunnerTestResource.class)
class QueueRepositoryTest {
  private static final String CONSUMER = "queue-repository-test";

  @Inject
  QueueRepository queue;

  @Inject
  LeaseRepository leases;

  @Inject
  Sql sql;

  @Test
  void anEventQueuesItsRunOnceEvenAfterTheQueueForgotIt() {
    String agent = Ids.newId(Ids.AGENT);
    // Held under a name that is not this instance's, so its sweeper does not run what the test queues.
    assertThat(leases.claim(agent, "another-instance", Duration.ofSeconds(30))).isPresent();
    MessageReceived event = new MessageReceived(Ids.newId(Ids.EVENT), agent, Ids.newId(Ids.RUN), null,
        List.of(new InputMessage("user", "hi", null, null)), 1, Instant.now());

    assertThat(queue.enqueueOnce(CONSUMER, event, Json.write(event))).isTrue();
    assertThat(queue.head(agent)).hasValueSatisfying(q -> assertThat(q.runId()).isEqualTo(event.runId()));
    assertThat(queue.enqueueOnce(CONSUMER, event, Json.write(event))).as("the same event again").isFalse();

    MessageReceived sameRun = new MessageReceived(Ids.newId(Ids.EVENT), agent, event.runId(), null,
        event.messages(), 1, Instant.now());
    assertThat(queue.enqueueOnce(CONSUMER, sameRun, Json.write(sameRun))).as("another event of the run").isFalse();
    assertThat(count("SELECT count(*) FROM agent_queue WHERE agent_id = ?", agent)).isEqualTo(1);

    // After the agent's queue is dropped (agent deleted), a late redelivery must not bring the run back.
    queue.deleteAgent(agent);
    assertThat(queue.enqueueOnce(CONSUMER, event, Json.write(event))).isFalse();
    assertThat(queue.head(agent)).isEmpty();
    assertThat(count("SELECT count(*) FROM processed_events WHERE consumer = ? AND event_id = ?", CONSUMER,
        event.eventId())).isEqualTo(1);
  }

  private long count(String query, Object... args) {
    return sql.queryOne(query, rs -> rs.getLong(1), args).orElseThrow();
  }
}
