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

  static final ToolDefinition SEND_MESSAGE = new ToolDefinition("tool-2", "send_message", "Reply to the user.",
      ToolDefinition.LETTA_CORE, Map.of("name", "send_message", "parameters", Map.of("type", "object",
      "properties", Map.of("message", Map.of("type", "string")), "required", List.of("message"))), null);

  /** A custom tool for tool-executor, which these tests do not run: a call to it waits for an answer. */
  public static final ToolDefinition UNANSWERED = new ToolDefinition("tool-3", "fetch_report", "Fetch a report.",
      ToolDefinition.CUSTOM, Map.of("name", "fetch_report", "parameters", Map.of("type", "object",
      "properties", Map.of("topic", Map.of("type", "string")), "required", List.of("topic"))), null, "python",
      "def fetch_report(topic: str) -> str:\n    return topic\n");

  /** Sends one user message (a new run) to the agent, with or without token streaming. */
  public static MessageReceived send(StepRunnerTopics topics, String agentId, String text, boolean streamTokens) {
    return send(topics, agentId, text, streamTokens, "letta_v1_agent", List.of(MEMORY_INSERT));
  }

  /** Sends one user message to an agent of the given type and tools. */
  public static MessageReceived send(StepRunnerTopics topics, String agentId, String text, boolean streamTokens,
      String agentType, List<ToolDefinition> tools) {
    var agent = new AgentSnapshot(agentId, "streaming", agentType, "You stream.",
        new LlmConfig("scripted-model", "openai", null, 32768, "scripted/scripted-model", "scripted", "base", null,
            null, false), tools, "UTC");
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
