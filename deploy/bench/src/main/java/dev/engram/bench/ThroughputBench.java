package dev.engram.bench;

import dev.engram.scriptedmodel.ScriptedModelServer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * Throughput with a slow model: N agents each get one message per round, all at once, and the
 * round's completed runs per second are compared with the ideal N / latency (every run waiting on
 * the model in parallel, the platform adding nothing).
 */
public final class ThroughputBench {
  /** Agent creations in flight at once: enough to be quick, few enough not to measure a stampede. */
  static final int CREATE_CONCURRENCY = 32;

  /** The agents created (ids in creation order), how long it took, and the creations that failed. */
  public record Creation(List<String> agentIds, double seconds, ErrorTally errors) {}

  /**
   * One round: messages sent and succeeded, wall time from the first send to the last answer,
   * latencies of the successful ones, model calls made and failures.
   */
  public record Round(int sent, int ok, double wallSeconds, long[] okNanos, long modelCalls, ErrorTally errors) {
    public double runsPerSecond() {
      return ok / wallSeconds;
    }
  }

  private record Timed(LettaClient.Outcome outcome, long endNanos) {}

  private ThroughputBench() {}

  /** Creates {@code count} agents, {@link #CREATE_CONCURRENCY} at a time. */
  public static Creation createAgents(LettaClient letta, int count) throws InterruptedException {
    ErrorTally errors = new ErrorTally();
    String[] ids = new String[count];
    Semaphore permits = new Semaphore(CREATE_CONCURRENCY);
    long start = System.nanoTime();
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        int index = i;
        futures.add(executor.submit(() -> {
          permits.acquire();
          try {
            ids[index] = letta.createAgent("bench-agent-" + index);
          } catch (LettaClient.RequestFailed e) {
            errors.record(e.kind(), e.getMessage());
          } catch (IOException e) {
            errors.record("I/O error", e.toString());
          } finally {
            permits.release();
          }
          return null;
        }));
      }
      awaitAll(futures);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Creation(Arrays.stream(ids).filter(id -> id != null).toList(), seconds, errors);
  }

  /** Sends one message to every agent at the same moment and waits for all the runs. */
  public static Round round(LettaClient letta, ScriptedModelServer model, List<String> agents, int round)
      throws InterruptedException {
    ErrorTally errors = new ErrorTally();
    CountDownLatch go = new CountDownLatch(1);
    long callsBefore = model.requestCount();
    List<Future<Timed>> futures = new ArrayList<>(agents.size());
    long start;
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      for (String agent : agents) {
        futures.add(executor.submit(() -> {
          go.await();
          LettaClient.Outcome outcome = letta.sendMessage(agent, "round " + round + ": hello");
          return new Timed(outcome, System.nanoTime());
        }));
      }
      start = System.nanoTime();
      go.countDown();
      long lastEnd = start;
      long[] okNanos = new long[agents.size()];
      int ok = 0;
      for (Future<Timed> future : futures) {
        Timed timed = get(future);
        lastEnd = Math.max(lastEnd, timed.endNanos());
        if (timed.outcome().ok()) {
          okNanos[ok++] = timed.outcome().nanos();
        } else {
          timed.outcome().tallyFailure(errors);
        }
      }
      return new Round(agents.size(), ok, (lastEnd - start) / 1e9, Arrays.copyOf(okNanos, ok),
          model.requestCount() - callsBefore, errors);
    }
  }

  private static void awaitAll(List<Future<?>> futures) throws InterruptedException {
    for (Future<?> future : futures) {
      get(future);
    }
  }

  private static <T> T get(Future<T> future) throws InterruptedException {
    try {
      return future.get();
    } catch (ExecutionException e) {
      // The tasks catch every request failure themselves: anything else is a bug in the bench.
      throw new IllegalStateException(e.getCause());
    }
  }
}
