package dev.engram.steprunner.stream;

import static org.awaitility.Awaitility.await;

import dev.engram.contracts.Ids;
import dev.engram.contracts.api.AgentSnapshot;
import dev.engram.contracts.api.InputMessage;
import dev.engram.contracts.api.LlmConfig;
import dev.engram.contracts.api.ToolDefinition;
import dev.engram.contracts.events.MessageChunk;
import dev.engram.contracts.events.MessageReceived;
import dev.engram.contracts.events.RunEvent;
import dev.engram.steprunner.StepRunnerTopics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Runs of a letta_v1_agent with memory_insert, as the streaming and cancellation tests send them. */
public final class StreamingRuns {
  static final ToolDefinition MEMORY_INSERT = new ToolDefinition("tool-1", "memory_insert",
      "Insert text into a memory block.", ToolDefinition.LETTA_MEMORY_CORE, Map.of("name", "memory_insert",
      "parameters", Map.of("type", "object", "properties", Map.of("label", Map.of("type", "string"), "new_string",
          Map.of("type", "string"), "insert_line", Map.of("type", "integer")), "required", List.of("label",
          "new_string"))), null);

  /** Sends one user message (a new run) to the agent, with or without token streaming. */
  public static MessageReceived send(StepRunnerTopics topics, String agentId, String text, boolean streamTokens) {
    var agent = new AgentSnapshot(agentId, "streaming", "letta_v1_agent", "You stream.",
        new LlmConfig("scripted-model", "openai", null, 32768, "scripted/scripted-model", "scripted", "base", null,
            null, false), List.of(MEMORY_INSERT), "UTC");
    var event = new MessageReceived(Ids.newId(Ids.EVENT), agentId, Ids.newId(Ids.RUN), agent,
        List.of(new InputMessage("user", text, null, null)), 10, Instant.now(), null, streamTokens);
    topics.publish(agentId, event);
    topics.flush();
    return event;
  }

  /** The run's terminal event, once it arrives (within a minute). */
  public static RunEvent awaitEnd(StepRunnerTopics topics, String runId, Duration within) {
    await().atMost(within).until(() -> topics.end(runId) != null);
    return topics.end(runId);
  }

  /** The run's chunks in the order they arrived. */
  public static List<MessageChunk> chunks(StepRunnerTopics topics, String runId) {
    return topics.runEvents().stream().filter(e -> e instanceof MessageChunk && e.runId().equals(runId))
        .map(MessageChunk.class::cast).toList();
  }

  private StreamingRuns() {
  }
}
