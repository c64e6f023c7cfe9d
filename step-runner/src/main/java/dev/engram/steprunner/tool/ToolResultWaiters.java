package dev.engram.steprunner.tool;

import dev.engram.contracts.api.ToolExecutionResult;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/** Steps of this instance waiting for tool-executor results, woken when a result is consumed here. */
@ApplicationScoped
public class ToolResultWaiters {
  private final ConcurrentHashMap<String, CompletableFuture<ToolExecutionResult>> waiting = new ConcurrentHashMap<>();

  /** Registers interest in a result before the request is sent. */
  public CompletableFuture<ToolExecutionResult> register(String idempotencyKey) {
    return waiting.computeIfAbsent(idempotencyKey, k -> new CompletableFuture<>());
  }

  /** Wakes the step waiting for this key, if it waits on this instance. */
  public void complete(String idempotencyKey, ToolExecutionResult result) {
    CompletableFuture<ToolExecutionResult> f = waiting.remove(idempotencyKey);
    if (f != null) {
      f.complete(result);
    }
  }

  /** Forgets a key once its step has its result. */
  public void forget(String idempotencyKey) {
    waiting.remove(idempotencyKey);
  }
}
