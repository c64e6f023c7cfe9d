package dev.engram.steprunner.loop;

import java.util.concurrent.CompletableFuture;

/** Whether a client cancelled the run this worker executes; completes once, when it does. */
public final class RunCancellation {
  private final String runId;
  private final CompletableFuture<Void> requested = new CompletableFuture<>();

  RunCancellation(String runId) {
    this.runId = runId;
  }

  /** The run this is about. */
  public String runId() {
    return runId;
  }

  /** Completes when the run is cancelled (for waiters that must wake up then). */
  public CompletableFuture<Void> requested() {
    return requested;
  }

  /** Whether the run was cancelled. */
  public boolean cancelled() {
    return requested.isDone();
  }

  /** A safe point: stops the run here if it was cancelled. */
  public void check() {
    if (cancelled()) {
      throw new RunCancelledException(runId);
    }
  }

  void cancel() {
    requested.complete(null);
  }
}
