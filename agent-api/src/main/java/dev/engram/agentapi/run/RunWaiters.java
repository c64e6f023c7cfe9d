package dev.engram.agentapi.run;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The sync requests of this instance that wait for their run to end. Several requests may wait for
 * one run (a client retry with the same otid); each gets its own future, all completed together.
 */
@ApplicationScoped
public class RunWaiters {
  private final ConcurrentHashMap<String, Set<CompletableFuture<RunOutcome>>> waiting = new ConcurrentHashMap<>();

  /** Starts waiting for {@code runId}; register before the run can possibly end, then check the database. */
  public CompletableFuture<RunOutcome> register(String runId) {
    CompletableFuture<RunOutcome> future = new CompletableFuture<>();
    // compute() is atomic with complete()'s remove(), so a future is never added to an already completed set.
    waiting.compute(runId, (id, futures) -> {
      Set<CompletableFuture<RunOutcome>> set = futures == null ? ConcurrentHashMap.newKeySet() : futures;
      set.add(future);
      return set;
    });
    return future;
  }

  /** Stops waiting (the request answered or gave up). */
  public void unregister(String runId, CompletableFuture<RunOutcome> future) {
    waiting.computeIfPresent(runId, (id, futures) -> {
      futures.remove(future);
      return futures.isEmpty() ? null : futures;
    });
  }

  /** Completes every waiter of the outcome's run; harmless when nobody waits. */
  public void complete(RunOutcome outcome) {
    Set<CompletableFuture<RunOutcome>> futures = waiting.remove(outcome.runId());
    if (futures != null) {
      futures.forEach(f -> f.complete(outcome));
    }
  }

  /** Whether any request waits (lets the notify consumer skip parsing events nobody needs). */
  public boolean isEmpty() {
    return waiting.isEmpty();
  }

  /**
   * Blocks (park a virtual thread, never a platform thread) until the run ends or {@code timeout}
   * passes. Every {@code pollInterval} it asks {@code lookup} (the database) in case the wake-up was
   * missed. Always unregisters {@code future}.
   */
  public Optional<RunOutcome> await(String runId, CompletableFuture<RunOutcome> future, Duration timeout,
      Duration pollInterval, Supplier<Optional<RunOutcome>> lookup) {
    return await(runId, future, timeout, pollInterval, lookup, true);
  }

  /**
   * As {@link #await(String, CompletableFuture, Duration, Duration, Supplier)}; {@code lookFirst} false skips the
   * first lookup, for a run created after {@code future} was registered (its end cannot have passed unseen).
   */
  public Optional<RunOutcome> await(String runId, CompletableFuture<RunOutcome> future, Duration timeout,
      Duration pollInterval, Supplier<Optional<RunOutcome>> lookup, boolean lookFirst) {
    long deadline = System.nanoTime() + timeout.toNanos();
    boolean look = lookFirst;
    try {
      while (true) {
        Optional<RunOutcome> stored = look ? lookup.get() : Optional.empty();
        look = true;
        if (stored.isPresent()) {
          return stored;
        }
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
          return Optional.empty();
        }
        try {
          return Optional.of(future.get(Math.min(remaining, pollInterval.toNanos()), TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
          // Not woken within one poll interval: look at the database again.
        } catch (ExecutionException e) {
          throw new IllegalStateException("Waiting for run " + runId + " failed", e.getCause());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return Optional.empty();
        }
      }
    } finally {
      unregister(runId, future);
    }
  }
}
