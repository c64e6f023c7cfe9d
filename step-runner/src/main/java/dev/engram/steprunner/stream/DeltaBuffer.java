package dev.engram.steprunner.stream;

import dev.engram.contracts.message.LettaMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;

/**
 * Token deltas waiting for publication: the provider's thread adds them, the run's worker takes them in
 * batches (merged per part) and is woken through the shared {@code wake} semaphore when one arrives.
 */
public final class DeltaBuffer {
  private final List<LettaMessage> pending = new ArrayList<>();
  private final Semaphore wake;

  /** A buffer that releases {@code wake} whenever a delta arrives. */
  public DeltaBuffer(Semaphore wake) {
    this.wake = wake;
  }

  synchronized void add(LettaMessage delta) {
    pending.add(delta);
    wake.release();
  }

  /** Whether deltas are waiting. */
  public synchronized boolean hasPending() {
    return !pending.isEmpty();
  }

  /** Takes every waiting delta, consecutive pieces of one part merged into one. */
  public synchronized List<LettaMessage> drain() {
    List<LettaMessage> batch = TokenDeltas.merge(pending);
    pending.clear();
    return batch;
  }
}
