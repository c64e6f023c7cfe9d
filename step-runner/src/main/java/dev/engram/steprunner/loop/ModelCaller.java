package dev.engram.steprunner.loop;

import dev.engram.platform.llm.LlmClient;
import dev.engram.platform.llm.LlmRequest;
import dev.engram.platform.llm.LlmResponse;
import dev.engram.steprunner.StepRunnerConfig;
import dev.engram.steprunner.stream.DeltaBuffer;
import dev.engram.steprunner.stream.RunChunks;
import dev.engram.steprunner.stream.TokenDeltas;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.jboss.logging.MDC;

/**
 * Makes the model call of a step on its own virtual thread while the run's worker waits for whichever comes
 * first: the answer, the run's cancellation (the call is abandoned at once: its thread is interrupted, which
 * closes the provider's connection, and its answer is never used), or token deltas to publish. Deltas go out
 * in batches: the first at once, later ones at most every {@code delta-interval}, merged per message part.
 */
@ApplicationScoped
public class ModelCaller {
  private final LlmClient llm;
  private final RunChunks chunks;
  private final StepRunnerConfig config;

  ModelCaller(LlmClient llm, RunChunks chunks, StepRunnerConfig config) {
    this.llm = llm;
    this.chunks = chunks;
    this.config = config;
  }

  /** What the call is for: the step (whose id the streamed deltas carry) and how to stream it. */
  public record Target(String agentId, String runId, String stepId, boolean streamTokens, boolean legacyAgent,
      Predicate<String> needsApproval) {
  }

  /** The model's answer to {@code request}; throws {@link RunCancelledException} when the run is cancelled first. */
  public LlmResponse call(LlmRequest request, Target target, RunCancellation cancellation) {
    Semaphore wake = new Semaphore(0);
    DeltaBuffer deltas = target.streamTokens() ? new DeltaBuffer(wake) : null;
    CompletableFuture<LlmResponse> answer = new CompletableFuture<>();
    Thread call = Thread.ofVirtual().name("llm-" + target.runId()).start(() -> {
      MDC.put("agent_id", target.agentId());
      MDC.put("run_id", target.runId());
      try {
        answer.complete(deltas == null ? llm.chat(request)
            : llm.stream(request, new TokenDeltas(target.stepId(), target.runId(), target.legacyAgent(),
                target.needsApproval(), deltas)));
      } catch (Throwable e) {
        answer.completeExceptionally(e);
      }
    });
    answer.whenComplete((r, e) -> wake.release());
    cancellation.requested().thenRun(wake::release);
    long nextFlush = System.nanoTime();
    try {
      while (true) {
        if (cancellation.cancelled()) {
          throw new RunCancelledException(target.runId());
        }
        if (answer.isDone()) {
          LlmResponse response = result(answer);
          if (deltas != null) {
            chunks.publishDeltas(target.agentId(), target.runId(), deltas.drain());
          }
          return response;
        }
        boolean pending = deltas != null && deltas.hasPending();
        long now = System.nanoTime();
        if (pending && now >= nextFlush) {
          chunks.publishDeltas(target.agentId(), target.runId(), deltas.drain());
          nextFlush = System.nanoTime() + config.deltaInterval().toNanos();
          continue;
        }
        if (pending) {
          wake.tryAcquire(nextFlush - now, TimeUnit.NANOSECONDS);
        } else {
          wake.acquire();
        }
        wake.drainPermits();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for the model", e);
    } finally {
      // Whatever ends the wait (cancellation, a failed delta commit, an interrupt) abandons an unfinished call.
      if (!answer.isDone()) {
        call.interrupt();
      }
    }
  }

  private static LlmResponse result(CompletableFuture<LlmResponse> answer) {
    try {
      return answer.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw e;
    }
  }
}
