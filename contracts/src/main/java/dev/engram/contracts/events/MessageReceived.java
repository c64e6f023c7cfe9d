package dev.engram.contracts.events;

import dev.engram.contracts.api.AgentSnapshot;
import dev.engram.contracts.api.ClientTool;
import dev.engram.contracts.api.InputMessage;
import java.time.Instant;
import java.util.List;

/**
 * A client sent messages to an agent; the run {@code runId} must process them, after any earlier run.
 * {@code operation} is null for an ordinary run and {@value #COMPACT} for a compaction requested through
 * {@code POST /v1/agents/{id}/summarize}, queued like a run so it never races one. {@code streamTokens} true
 * asks step-runner to stream the model's output as token deltas ({@code MessageChunk} with {@code delta}).
 * {@code clientTools} (optional) are tools the client runs itself, offered to the model for this run only.
 * {@code conversationId} names the conversation ({@code conv-…}) whose history the run reads and extends; null is the
 * agent's default conversation (its own message history).
 */
public record MessageReceived(
    String eventId,
    String agentId,
    String runId,
    AgentSnapshot agent,
    List<InputMessage> messages,
    int maxSteps,
    Instant receivedAt,
    String operation,
    boolean streamTokens,
    List<ClientTool> clientTools,
    String conversationId,
    Boolean chunked) implements AgentInboxEvent {

  /** A run whose output is published as message chunks (see {@link #chunksOutput()}). */
  public MessageReceived(String eventId, String agentId, String runId, AgentSnapshot agent,
      List<InputMessage> messages, int maxSteps, Instant receivedAt, String operation, boolean streamTokens,
      List<ClientTool> clientTools, String conversationId) {
    this(eventId, agentId, runId, agent, messages, maxSteps, receivedAt, operation, streamTokens, clientTools,
        conversationId, null);
  }

  /** The operation of a queued compaction. */
  public static final String COMPACT = "compact";

  /** A run or queued operation in the agent's default conversation. */
  public MessageReceived(String eventId, String agentId, String runId, AgentSnapshot agent,
      List<InputMessage> messages, int maxSteps, Instant receivedAt, String operation, boolean streamTokens,
      List<ClientTool> clientTools) {
    this(eventId, agentId, runId, agent, messages, maxSteps, receivedAt, operation, streamTokens, clientTools, null);
  }

  /** A run or queued operation without client-side tools. */
  public MessageReceived(String eventId, String agentId, String runId, AgentSnapshot agent,
      List<InputMessage> messages, int maxSteps, Instant receivedAt, String operation, boolean streamTokens) {
    this(eventId, agentId, runId, agent, messages, maxSteps, receivedAt, operation, streamTokens, null);
  }

  /** A run or queued operation without token streaming. */
  public MessageReceived(String eventId, String agentId, String runId, AgentSnapshot agent,
      List<InputMessage> messages, int maxSteps, Instant receivedAt, String operation) {
    this(eventId, agentId, runId, agent, messages, maxSteps, receivedAt, operation, false);
  }

  /** An ordinary run. */
  public MessageReceived(String eventId, String agentId, String runId, AgentSnapshot agent,
      List<InputMessage> messages, int maxSteps, Instant receivedAt) {
    this(eventId, agentId, runId, agent, messages, maxSteps, receivedAt, null);
  }

  /**
   * Whether step-runner publishes the run's output as {@link MessageChunk}s: for a client stream, or for a run
   * whose stream may be resumed later (background). A plain request-response send is answered from the run's
   * end alone, so its chunks would be written and never read. Null (events written before the field) means yes.
   */
  public boolean chunksOutput() {
    return chunked == null || chunked;
  }

  /** The client-side tools of this run, never null. */
  public List<ClientTool> clientToolsOrEmpty() {
    return clientTools == null ? List.of() : clientTools;
  }

  /** Whether the run belongs to the agent's default conversation rather than a {@code conv-…} one. */
  public boolean defaultConversation() {
    return conversationId == null;
  }

  /** Whether this run answers a pending approval request (one of its inputs is an approval). */
  public boolean answersApproval() {
    return messages != null && messages.stream().anyMatch(InputMessage::answersApproval);
  }

  /** Whether this queued item is a compaction rather than a conversation turn. */
  public boolean compaction() {
    return COMPACT.equals(operation);
  }
}
