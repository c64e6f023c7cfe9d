package dev.engram.steprunner.stream;

import dev.engram.contracts.LettaTime;
import dev.engram.contracts.message.ApprovalRequestMessage;
import dev.engram.contracts.message.AssistantMessage;
import dev.engram.contracts.message.LettaMessage;
import dev.engram.contracts.message.ReasoningMessage;
import dev.engram.contracts.message.ToolCall;
import dev.engram.contracts.message.ToolCallMessage;
import dev.engram.platform.llm.LlmStreamListener;
import dev.engram.steprunner.loop.AgentLoops;
import dev.engram.steprunner.message.LettaMessages;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Turns the pieces of a streamed model answer into Letta's delta messages: each carries the id of the
 * assistant message the step will store and the otid of the part it belongs to (reasoning, text, tool calls,
 * numbered in the order the parts appear, as {@link LettaMessages} numbers the stored message's parts), with
 * only the new text. Deltas go to a {@link DeltaBuffer}, which batches them for publication.
 *
 * <p>A {@code send_message} call is shown as the assistant message its {@code message} argument holds, so that
 * text is streamed as assistant deltas (its own part) instead of the call's arguments, as long as no other tool
 * call of the answer was streamed before it (the parts would then be numbered differently than the stored
 * message's). Legacy agents' other tool calls are not streamed: they go out whole when the step commits.
 */
public final class TokenDeltas implements LlmStreamListener {
  private final String messageId;
  private final String stepId;
  private final String runId;
  private final boolean streamToolCalls;
  private final Predicate<String> needsApproval;
  private final DeltaBuffer buffer;
  private final String date = LettaTime.format(Instant.now());
  private final Map<Integer, String> callIds = new HashMap<>();
  private final Map<Integer, String> callNames = new HashMap<>();
  private final Map<Integer, Boolean> callNamed = new HashMap<>();
  private final Map<Integer, SendMessageText> replies = new HashMap<>();
  private final Map<Integer, Integer> replyParts = new HashMap<>();
  private int nextPart;
  private int reasoningPart = -1;
  private int textPart = -1;
  private int toolCallPart = -1;

  /**
   * Deltas of the assistant message of step {@code stepId}; a call of a tool that {@code needsApproval} streams as
   * the {@code approval_request_message} the step will store instead of a {@code tool_call_message}.
   */
  public TokenDeltas(String stepId, String runId, boolean legacyAgent, Predicate<String> needsApproval,
      DeltaBuffer buffer) {
    this.messageId = LettaMessages.assistantMessageId(stepId);
    this.stepId = stepId;
    this.runId = runId;
    this.streamToolCalls = !legacyAgent;
    this.needsApproval = needsApproval;
    this.buffer = buffer;
  }

  @Override
  public synchronized void onReasoning(String delta) {
    if (delta == null || delta.isEmpty()) {
      return;
    }
    if (reasoningPart < 0) {
      reasoningPart = nextPart++;
    }
    buffer.add(new ReasoningMessage(messageId, date, null, otid(reasoningPart), null, stepId, runId, delta,
        "reasoner_model"));
  }

  @Override
  public synchronized void onText(String delta) {
    if (delta == null || delta.isEmpty()) {
      return;
    }
    if (textPart < 0) {
      textPart = nextPart++;
    }
    buffer.add(new AssistantMessage(messageId, date, null, otid(textPart), null, stepId, runId, delta));
  }

  @Override
  public synchronized void onToolCall(int index, String id, String name, String argumentsDelta) {
    if (id != null) {
      callIds.putIfAbsent(index, id);
    }
    if (name != null) {
      callNames.putIfAbsent(index, name);
    }
    String callName = callNames.get(index);
    if (AgentLoops.SEND_MESSAGE.equals(callName)) {
      reply(index, argumentsDelta);
      return;
    }
    if (!streamToolCalls || callName == null) {
      return;
    }
    boolean first = callNamed.putIfAbsent(index, true) == null;
    String arguments = argumentsDelta == null ? "" : argumentsDelta;
    if (!first && arguments.isEmpty()) {
      return;
    }
    if (toolCallPart < 0) {
      toolCallPart = nextPart++;
    }
    // The name goes with a call's first delta only, its id with every delta (pieces of parallel calls differ by it).
    ToolCall piece = new ToolCall(first ? callName : null, arguments, callIds.get(index));
    buffer.add(needsApproval.test(callName)
        ? new ApprovalRequestMessage(messageId, date, null, otid(toolCallPart), null, stepId, runId, piece,
            List.of(piece))
        : new ToolCallMessage(messageId, date, null, otid(toolCallPart), null, stepId, runId, piece,
            List.of(piece)));
  }

  private void reply(int index, String argumentsDelta) {
    if (toolCallPart >= 0 && !replies.containsKey(index)) {
      return;
    }
    String text = replies.computeIfAbsent(index, i -> new SendMessageText())
        .append(argumentsDelta == null ? "" : argumentsDelta);
    if (text.isEmpty()) {
      return;
    }
    int part = replyParts.computeIfAbsent(index, i -> nextPart++);
    buffer.add(new AssistantMessage(messageId, date, null, otid(part), null, stepId, runId, text));
  }

  private String otid(int part) {
    return LettaMessages.otid(messageId, part);
  }

  /** Concatenates consecutive deltas of one part (and, for tool calls, of one call) into one delta. */
  static List<LettaMessage> merge(List<LettaMessage> deltas) {
    List<LettaMessage> out = new ArrayList<>();
    for (LettaMessage d : deltas) {
      LettaMessage last = out.isEmpty() ? null : out.getLast();
      LettaMessage merged = last == null ? null : join(last, d);
      if (merged != null) {
        out.set(out.size() - 1, merged);
      } else {
        out.add(d);
      }
    }
    return out;
  }

  private static LettaMessage join(LettaMessage a, LettaMessage b) {
    if (!LettaMessages.otidOf(a).equals(LettaMessages.otidOf(b))) {
      return null;
    }
    return switch (a) {
      case AssistantMessage x when b instanceof AssistantMessage y -> new AssistantMessage(x.id(), x.date(), x.name(),
          x.otid(), x.senderId(), x.stepId(), x.runId(), x.content() + y.content());
      case ReasoningMessage x when b instanceof ReasoningMessage y -> new ReasoningMessage(x.id(), x.date(), x.name(),
          x.otid(), x.senderId(), x.stepId(), x.runId(), x.reasoning() + y.reasoning(), x.source());
      case ToolCallMessage x when b instanceof ToolCallMessage y
          && x.toolCall().toolCallId() != null && x.toolCall().toolCallId().equals(y.toolCall().toolCallId()) -> {
        ToolCall call = new ToolCall(x.toolCall().name(), x.toolCall().arguments() + y.toolCall().arguments(),
            x.toolCall().toolCallId());
        yield new ToolCallMessage(x.id(), x.date(), x.name(), x.otid(), x.senderId(), x.stepId(), x.runId(), call,
            List.of(call));
      }
      case ApprovalRequestMessage x when b instanceof ApprovalRequestMessage y
          && x.toolCall().toolCallId() != null && x.toolCall().toolCallId().equals(y.toolCall().toolCallId()) -> {
        ToolCall call = new ToolCall(x.toolCall().name(), x.toolCall().arguments() + y.toolCall().arguments(),
            x.toolCall().toolCallId());
        yield new ApprovalRequestMessage(x.id(), x.date(), x.name(), x.otid(), x.senderId(), x.stepId(), x.runId(),
            call, List.of(call));
      }
      default -> null;
    };
  }
}
