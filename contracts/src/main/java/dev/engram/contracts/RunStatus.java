package dev.engram.contracts;

import com.fasterxml.jackson.annotation.JsonValue;

/** Lifecycle of a run, with Letta's wire names. */
public enum RunStatus {
  CREATED, RUNNING, COMPLETED, FAILED, CANCELLED;

  @JsonValue
  public String wire() {
    return name().toLowerCase();
  }

  /** Whether the run has ended and will never change again. */
  public boolean terminal() {
    return this == COMPLETED || this == FAILED || this == CANCELLED;
  }
}
