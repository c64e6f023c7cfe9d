package dev.engram.agentapi.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.contracts.RunStatus;
import dev.engram.contracts.StopReason;
import dev.engram.contracts.api.UsageStatistics;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RunWaitersTest {
  private final RunWaiters waiters = new RunWaiters();

  @Test
  void aTerminalEventWakesEveryWaiterOfItsRun() throws Exception {
    CompletableFuture<RunOutcome> first = waiters.register("run-1");
    CompletableFuture<RunOutcome> second = waiters.register("run-1");
    CompletableFuture<RunOutcome> other = waiters.register("run-2");

    CompletableFuture<Optional<RunOutcome>> waiting = CompletableFuture.supplyAsync(() ->
        waiters.await("run-1", first, Duration.ofSeconds(30), Duration.ofSeconds(30), Optional::empty),
        Thread::startVirtualThread);
    waiters.complete(outcome("run-1"));

    assertThat(waiting.get()).contains(outcome("run-1"));
    assertThat(second).isCompletedWithValue(outcome("run-1"));
    assertThat(other).isNotDone();
  }

  @Test
  void aRunThatEndedBeforeTheWaitIsAnsweredFromTheLookup() {
    CompletableFuture<RunOutcome> future = waiters.register("run-3");

    assertThat(waiters.await("run-3", future, Duration.ofSeconds(30), Duration.ofSeconds(30),
        () -> Optional.of(outcome("run-3")))).contains(outcome("run-3"));
    assertThat(waiters.isEmpty()).isTrue();
  }

  @Test
  void aMissedWakeUpIsCaughtByPolling() {
    CompletableFuture<RunOutcome> future = waiters.register("run-4");
    AtomicInteger lookups = new AtomicInteger();

    Optional<RunOutcome> result = waiters.await("run-4", future, Duration.ofSeconds(30), Duration.ofMillis(10),
        () -> lookups.incrementAndGet() < 3 ? Optional.empty() : Optional.of(outcome("run-4")));

    assertThat(result).contains(outcome("run-4"));
    assertThat(lookups).hasValue(3);
  }

  @Test
  void givesUpAfterTheTimeoutAndForgetsTheWaiter() {
    CompletableFuture<RunOutcome> future = waiters.register("run-5");

    assertThat(waiters.await("run-5", future, Duration.ofMillis(50), Duration.ofMillis(20), Optional::empty))
        .isEmpty();
    assertThat(waiters.isEmpty()).isTrue();
  }

  private static RunOutcome outcome(String runId) {
    return new RunOutcome(runId, "agent-1", RunStatus.COMPLETED, StopReason.END_TURN, List.of(),
        UsageStatistics.ZERO, null, null);
  }
}
