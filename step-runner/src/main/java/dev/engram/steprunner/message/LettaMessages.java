package dev.engram.steprunner.message;

import dev.engram.contracts.Ids;
import dev.engram.contracts.LettaTime;
import dev.engram.contracts.api.ToolExecutionResult;
import dev.engram.contracts.message.ApprovalRequestMessage;
import dev.engram.contracts.message.ApprovalResponseMessage;
import dev.engram.contracts.message.AssistantMessage;
import dev.engram.contracts.message.LettaMessage;
import dev.engram.contracts.message.ReasoningMessage;
import dev.engram.contracts.message.SystemMessage;
import dev.engram.contracts.message.ToolCall;
import dev.engram.contracts.message.ToolCallMessage;
import dev.engram.contracts.message.ToolReturn;
import dev.engram.contracts.message.ToolReturnMessage;
import dev.engram.contracts.message.UserMessage;
import dev.engram.steprunner.loop.AgentLoops;
import dev.engram.steprunner.persistence.StoredMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Turns stored messages into Letta's client-facing message union. */
public final class LettaMessages {

  /** All parts of several stored messages, in order. */
  public static List<LettaMessage> of(List<StoredMessage> stored) {
    List<LettaMessage> out = new ArrayList<>();
    for (StoredMessage m : stored) {
      out.addAll(of(m));
    }
    return out;
  }

  /**
   * The parts of one stored message: an assistant row yields its reasoning, its text and one tool
   * call message, all sharing the stored id; parts get distinct otids derived from that id.
   */
  public static List<LettaMessage> of(StoredMessage m) {
    String date = LettaTime.format(m.createdAt() == null ? Instant.now() : m.createdAt());
    return switch (m.role()) {
      case SYSTEM -> List.of(new SystemMessage(m.id(), date, m.name(), otid(m, -1), null, m.stepId(), m.runId(),
          m.content()));
      case USER -> List.of(new UserMessage(m.id(), date, m.name(), m.otid() != null ? m.otid() : otid(m, -1), null,
          m.stepId(), m.runId(), m.content()));
      case TOOL -> {
        String status = m.toolStatus() == null ? ToolExecutionResult.SUCCESS : m.toolStatus();
        yield List.of(new ToolReturnMessage(m.id(), date, m.name(), otid(m, -1), null, m.stepId(), m.runId(),
            m.content(), status, m.toolCallId(), List.of(ToolReturn.of(m.toolCallId(), status, m.content()))));
      }
      case APPROVAL -> m.toolCalls().isEmpty() ? List.of(approvalResponse(m, date)) : approvalRequest(m, date);
      case ASSISTANT -> {
        List<LettaMessage> parts = new ArrayList<>();
        int part = textParts(m, date, parts);
        // Like Letta (use_assistant_message), a send_message call is shown as the assistant_message it delivers.
        for (var call : m.toolCalls()) {
          String sent = AgentLoops.SEND_MESSAGE.equals(call.name()) ? AgentLoops.sendMessageText(call.arguments())
              : null;
          if (sent != null) {
            parts.add(new AssistantMessage(m.id(), date, m.name(), otid(m, part++), null, m.stepId(), m.runId(),
                sent));
          }
        }
        List<ToolCall> calls = m.toolCalls().stream()
            .filter(c -> !AgentLoops.SEND_MESSAGE.equals(c.name()) || AgentLoops.sendMessageText(c.arguments()) == null)
            .map(c -> new ToolCall(c.name(), c.arguments(), c.id())).toList();
        if (!calls.isEmpty()) {
          parts.add(new ToolCallMessage(m.id(), date, m.name(), otid(m, part), null, m.stepId(), m.runId(),
              calls.get(0), calls));
        }
        yield parts;
      }
    };
  }

  /** Adds the reasoning and text parts of an assistant or approval row; returns the next part's index. */
  private static int textParts(StoredMessage m, String date, List<LettaMessage> parts) {
    int part = 0;
    if (m.reasoning() != null && !m.reasoning().isBlank()) {
      parts.add(new ReasoningMessage(m.id(), date, m.name(), otid(m, part++), null, m.stepId(), m.runId(),
          m.reasoning(), "reasoner_model"));
    }
    if (m.content() != null && !m.content().isEmpty()) {
      parts.add(new AssistantMessage(m.id(), date, m.name(), otid(m, part++), null, m.stepId(), m.runId(),
          m.content()));
    }
    return part;
  }

  /** A stored approval request: its reasoning and text as for an assistant row, then the calls that wait. */
  private static List<LettaMessage> approvalRequest(StoredMessage m, String date) {
    List<LettaMessage> parts = new ArrayList<>();
    int part = textParts(m, date, parts);
    List<ToolCall> calls = m.toolCalls().stream().map(c -> new ToolCall(c.name(), c.arguments(), c.id())).toList();
    parts.add(new ApprovalRequestMessage(m.id(), date, m.name(), otid(m, part), null, m.stepId(), m.runId(),
        calls.getFirst(), calls));
    return parts;
  }

  /** A stored approval answer (its content is the client's answer as JSON). */
  private static LettaMessage approvalResponse(StoredMessage m, String date) {
    ApprovalAnswer answer = ApprovalAnswer.parse(m.content());
    return new ApprovalResponseMessage(m.id(), date, m.name(), m.otid() != null ? m.otid() : otid(m, -1), null,
        m.stepId(), m.runId(), answer.approvals(), answer.approve(), answer.approvalRequestId(), answer.reason());
  }

  /**
   * Letta's otid of a message part: the message uuid with its low 7 bits replaced by the part index
   * (index -1 keeps the uuid itself), so clients can join streamed deltas to listed messages.
   */
  static String otid(StoredMessage m, int part) {
    return otid(m.id(), part);
  }

  /** The otid of part {@code part} of the stored message {@code messageId} (see {@link #otid(StoredMessage, int)}). */
  public static String otid(String messageId, int part) {
    String uuid = messageId.substring(messageId.indexOf('-') + 1);
    if (part < 0) {
      return uuid;
    }
    UUID u = UUID.fromString(uuid);
    long low = (u.getLeastSignificantBits() & ~0x7FL) | (part & 0x7F);
    return new UUID(u.getMostSignificantBits(), low).toString();
  }

  /**
   * The id of the assistant message a step stores: the step's own uuid under the message prefix, so token deltas
   * streamed while the model is still answering (before the step is journaled) already carry the final id.
   */
  public static String assistantMessageId(String stepId) {
    return Ids.MESSAGE + "-" + stepId.substring(stepId.indexOf('-') + 1);
  }

  /** A message part's otid. */
  public static String otidOf(LettaMessage message) {
    return switch (message) {
      case SystemMessage m -> m.otid();
      case UserMessage m -> m.otid();
      case AssistantMessage m -> m.otid();
      case ReasoningMessage m -> m.otid();
      case ToolCallMessage m -> m.otid();
      case ToolReturnMessage m -> m.otid();
      case ApprovalRequestMessage m -> m.otid();
      case ApprovalResponseMessage m -> m.otid();
    };
  }

  private LettaMessages() {
  }
}
