package dev.engram.steprunner.context;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/** Compactions of this instance waiting for the summarizer, woken when its answer is consumed here. */
@ApplicationScoped
public class SummaryWaiters {
  private final ConcurrentHashMap<String, CompletableFuture<Void>> waiting = new ConcurrentHashMap<>();

  /** Registers interest in the answer to a request before the request is published. */
  public CompletableFuture<Void> register(String requestId) {
    return waiting.computeIfAbsent(requestId, k -> new CompletableFuture<>());
  }

  /** Wakes the compaction waiting for this request, if it waits on this instance. */
  public void complete(String requestId) {
    CompletableFuture<Void> f = waiting.remove(requestId);
    if (f != null) {
      f.complete(null);
    }
  }

  /** Forgets a request once its compaction has its answer or gave up. */
  public void forget(String requestId) {
    waiting.remove(requestId);
  }
}
