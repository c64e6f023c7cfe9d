package dev.engram.agentapi.stream;

/**
 * One row of a run's stream log: a streamed message ({@link #END} false) or the run's end marker, whose payload
 * is an {@link EndOfRun} in JSON.
 */
public record StoredChunk(long seqId, boolean end, boolean delta, boolean afterDeltas, String messageType,
    String payload) {
  /** The {@code kind} of the end marker row. */
  public static final String END = "end";
  /** The {@code kind} of a message row. */
  public static final String MESSAGE = "message";
}
