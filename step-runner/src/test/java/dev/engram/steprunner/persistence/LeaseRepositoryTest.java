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

/** A worker gives its agent's lease up only when the queue is empty as it looks, in the same statement. */
@QuarkusTest
@QuarkusTestResource(StepRunnerTestResource.class)
class LeaseRepositoryTest {
  private static final Duration TTL = Duration.ofSeconds(30);

  @Inject
  LeaseRepository leases;

  @Inject
  Sql sql;

  @Test
  void theLeaseIsKeptWhileTheAgentHasUnfinishedRunsAndGivenUpOnceItHasNone() {
    String agent = Ids.newId(Ids.AGENT);
    // Held under a name that is not this instance's, so its sweeper leaves the agent alone.
    String owner = "another-instance";
    assertThat(leases.claim(agent, owner, TTL)).isPresent();
    String runId = Ids.newId(Ids.RUN);
    MessageReceived event = new MessageReceived(Ids.newId(Ids.EVENT), agent, runId, null,
        List.of(new InputMessage("user", "hi", null, null)), 1, Instant.now());
    sql.update("INSERT INTO agent_queue (agent_id, run_id, event) VALUES (?, ?, ?)", agent, runId, Json.write(event));

    LeaseRepository.Next next = leases.nextOrRelease(agent, owner);
    assertThat(next.run()).hasValueSatisfying(run -> assertThat(run.runId()).isEqualTo(runId));
    assertThat(next.released()).isFalse();
    assertThat(leases.claim(agent, "someone-else", TTL)).as("still held").isEmpty();

    sql.update("UPDATE agent_queue SET status = 'done' WHERE run_id = ?", runId);
    LeaseRepository.Next notOwner = leases.nextOrRelease(agent, "someone-else");
    assertThat(notOwner.run()).isEmpty();
    assertThat(notOwner.released()).as("not that owner's lease").isFalse();
    assertThat(leases.claim(agent, "someone-else", TTL)).as("still held by its owner").isEmpty();
    LeaseRepository.Next idle = leases.nextOrRelease(agent, owner);
    assertThat(idle.run()).isEmpty();
    assertThat(idle.released()).isTrue();
    assertThat(leases.claim(agent, "someone-else", TTL)).as("given up").isPresent();
  }
}
