package dev.engram.agentapi.run;

import java.time.Instant;

/** The webhook of an async run as Letta's {@code Run} shows it: where it goes and how the last attempt went. */
public record RunCallback(String url, Instant sentAt, Integer statusCode, String error) {
  /** No callback. */
  public static final RunCallback NONE = new RunCallback(null, null, null, null);
}
