package dev.engram.contracts;

import java.util.List;

/** Kafka topic names of the event backbone (see docs/events.md). */
public final class Topics {
  public static final String AGENT_INBOX = "engram.agent-inbox.v1";
  public static final String RUN_EVENTS = "engram.run-events.v1";
  public static final String TOOL_CALLS = "engram.tool-calls.v1";
  public static final String TOOL_RESULTS = "engram.tool-results.v1";
  public static final String CONTEXT = "engram.context.v1";
  public static final String SUMMARIES = "engram.summaries.v1";
  public static final String MESSAGES = "engram.messages.v1";
  public static final String MEMORY = "engram.memory.v1";
  public static final String BACKGROUND = "engram.background.v1";

  /** Every topic, each with its dead-letter companion, as the local infrastructure pre-creates them. */
  public static final List<String> ALL = List.of(
      AGENT_INBOX, RUN_EVENTS, TOOL_CALLS, TOOL_RESULTS, CONTEXT, SUMMARIES, MESSAGES, MEMORY, BACKGROUND);

  /** Name of the dead-letter topic that receives poison records of {@code topic}. */
  public static String deadLetter(String topic) {
    return topic + ".dlq";
  }

  private Topics() {
  }
}
