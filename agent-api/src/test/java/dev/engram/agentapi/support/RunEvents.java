package dev.engram.agentapi.support;

import dev.engram.contracts.Ids;
import dev.engram.contracts.StopReason;
import dev.engram.contracts.api.UsageStatistics;
import dev.engram.contracts.events.MessageChunk;
import dev.engram.contracts.events.RunCompleted;
import dev.engram.contracts.message.AssistantMessage;
import dev.engram.contracts.message.LettaMessage;
import dev.engram.contracts.message.ReasoningMessage;
import java.time.Instant;
import java.util.List;

/** Run events as step-runner publishes them, for tests that play step-runner. */
public final class RunEvents {
  /** The date of the messages made here. */
  public static final String DATE = "2026-01-01T00:00:00+00:00";

  /** A numbered chunk of the run: a token delta or a whole message. */
  public static MessageChunk chunk(String agentId, String runId, long seq, boolean delta, LettaMessage message) {
    return new MessageChunk(Ids.newId(Ids.EVENT), agentId, runId, seq, delta, message, Instant.now());
  }

  /** Token delta {@code seq} of the run's assistant message, with text {@code t<seq>}. */
  public static MessageChunk delta(String agentId, String runId, String step, long seq) {
    return chunk(agentId, runId, seq, true, assistant("message-" + runId.substring(4), step, runId, "t" + seq));
  }

  public static ReasoningMessage reasoning(String id, String step, String runId, String text) {
    return new ReasoningMessage(id, DATE, null, id + "-0", null, step, runId, text, "non_reasoner_model");
  }

  public static AssistantMessage assistant(String id, String step, String runId, String text) {
    return new AssistantMessage(id, DATE, null, id + "-1", null, step, runId, text);
  }

  /** The run ended with {@code end_turn}, 30 tokens in one step. */
  public static RunCompleted completed(String agentId, String runId) {
    return completed(agentId, runId, List.of());
  }

  /** The run ended with {@code end_turn} and these messages, 30 tokens in one step. */
  public static RunCompleted completed(String agentId, String runId, List<LettaMessage> messages) {
    return new RunCompleted(Ids.newId(Ids.EVENT), agentId, runId, StopReason.END_TURN, messages,
        new UsageStatistics(10, 20, 30, 1), Instant.now());
  }

  private RunEvents() {
  }
}
