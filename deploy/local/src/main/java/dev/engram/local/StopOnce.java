package dev.engram.local;

/**
 * The stop action of an embedded server, run at most once: by {@link #close()}, or by the JVM's shutdown hook
 * unless a caller took stopping over with {@link #handOver()} (as {@link Platform} does, to stop the services
 * using the server first).
 */
final class StopOnce {
  private final Runnable stop;
  private final Thread hook;
  private boolean done;

  StopOnce(String threadName, Runnable stop) {
    this.stop = stop;
    this.hook = new Thread(this::run, threadName);
  }

  /** Stops the server when the JVM exits. */
  void registerHook() {
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** Leaves stopping to the caller, who must then call {@link #close()}. */
  void handOver() {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException | IllegalArgumentException e) {
      // Already shutting down (the hook runs the stop itself), or never registered.
    }
  }

  /** Stops now (once). */
  void close() {
    handOver();
    run();
  }

  private synchronized void run() {
    if (done) {
      return;
    }
    done = true;
    stop.run();
  }
}
