package dev.engram.agentapi.stream;

/** One server-sent event as Letta frames it: a data line, named only for the error event. */
public record SseFrame(String event, String data) {
  /** The last frame of a stream. */
  public static final SseFrame DONE = new SseFrame(null, "[DONE]");

  /** An unnamed event (what the SDK yields). */
  public static SseFrame data(String data) {
    return new SseFrame(null, data);
  }

  /** This frame in the SSE wire format. */
  public String wire() {
    return (event == null ? "" : "event: " + event + "\n") + "data: " + data + "\n\n";
  }
}
