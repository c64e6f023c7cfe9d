package dev.engram.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Why a run stopped, with Letta's wire names and the run status each one implies. */
public enum StopReason {
  END_TURN, MAX_STEPS, TOOL_RULE, REQUIRES_APPROVAL,
  ERROR, INVALID_TOOL_CALL, NO_TOOL_CALL, INVALID_LLM_RESPONSE, LLM_API_ERROR, MAX_TOKENS_EXCEEDED,
  CONTEXT_WINDOW_OVERFLOW_IN_SYSTEM_PROMPT, INSUFFICIENT_CREDITS,
  CANCELLED;

  @JsonValue
  public String wire() {
    return name().toLowerCase();
  }

  /** Parses Letta's wire name. */
  @JsonCreator
  public static StopReason fromWire(String wire) {
    return valueOf(wire.toUpperCase());
  }

  /** The terminal run status Letta gives a run that stopped for this reason. */
  public RunStatus runStatus() {
    return switch (this) {
      case END_TURN, MAX_STEPS, TOOL_RULE, REQUIRES_APPROVAL -> RunStatus.COMPLETED;
      case CANCELLED -> RunStatus.CANCELLED;
      default -> RunStatus.FAILED;
    };
  }
}
