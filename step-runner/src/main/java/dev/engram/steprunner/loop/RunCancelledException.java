package dev.engram.steprunner.loop;

/** A client cancelled the run: it stops at the point this is thrown and ends with stop reason cancelled. */
public class RunCancelledException extends RuntimeException {
  public RunCancelledException(String runId) {
    super("Run " + runId + " was cancelled", null, false, false);
  }
}
