package dev.engram.steprunner.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.contracts.Ids;
import dev.engram.platform.db.Sql;
import dev.engram.steprunner.StepRunnerTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A worker gives its agent's lease up only when the queue is empty as it does, in one statement. */
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
    sql.update("INSERT INTO agent_queue (agent_id, run_id, event) VALUES (?, ?, '{}')", agent, runId);

    assertThat(leases.releaseIfIdle(agent, owner)).contains(false);
    assertThat(leases.claim(agent, "someone-else", TTL)).as("still held").isEmpty();

    sql.update("UPDATE agent_queue SET status = 'done' WHERE run_id = ?", runId);
    assertThat(leases.releaseIfIdle(agent, "someone-else")).as("not that owner's lease").isEmpty();
    assertThat(leases.releaseIfIdle(agent, owner)).contains(true);
    assertThat(leases.claim(agent, "someone-else", TTL)).as("given up").isPresent();
  }
}
