package dev.engram.steprunner.loop;

import dev.engram.contracts.Ids;
import dev.engram.contracts.StopReason;
import dev.engram.contracts.api.InputMessage;
import dev.engram.contracts.api.ToolExecutionResult;
import dev.engram.contracts.api.UsageStatistics;
import dev.engram.contracts.events.AgentDeleted;
import dev.engram.contracts.events.DomainEvent;
import dev.engram.contracts.events.MessageChunk;
import dev.engram.contracts.events.MessageReceived;
import dev.engram.contracts.events.MessagesPersisted;
import dev.engram.contracts.events.RunCompleted;
import dev.engram.contracts.events.RunFailed;
import dev.engram.contracts.events.RunStarted;
import dev.engram.contracts.events.StepCompleted;
import dev.engram.contracts.events.ToolCallRequested;
import dev.engram.contracts.events.ToolResultEvent;
import dev.engram.contracts.events.ToolCallFailed;
import dev.engram.contracts.events.ToolCallSucceeded;
import dev.engram.contracts.message.LettaMessage;
import dev.engram.platform.llm.LlmResponse;
import dev.engram.platform.llm.LlmToolCall;
import dev.engram.platform.messaging.ProcessedEvents;
import dev.engram.platform.outbox.Outbox;
import dev.engram.steprunner.context.ContextWindows;
import dev.engram.steprunner.message.LettaMessages;
import dev.engram.steprunner.persistence.CompactionRepository;
import dev.engram.steprunner.persistence.ConversationKey;
import dev.engram.steprunner.persistence.MessageRepository;
import dev.engram.steprunner.persistence.PendingApprovalRepository;
import dev.engram.steprunner.persistence.QueueRepository;
import dev.engram.steprunner.persistence.StepRecord;
import dev.engram.steprunner.persistence.StepRepository;
import dev.engram.steprunner.persistence.StoredMessage;
import dev.engram.steprunner.persistence.ToolResultRepository;
import dev.engram.steprunner.stream.RunChunks;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The transactions of the step protocol. Each method is one commit: state and the events that
 * describe it go to PostgreSQL together (outbox), so a crash between two of them loses nothing
 * and the run resumes from what was committed.
 */
@ApplicationScoped
public class RunService {
  /** The consumer name under which inbox events are recorded as processed. */
  static final String INBOX_CONSUMER = "step-runner.agent-inbox";
  private static final String RESULTS_CONSUMER = "step-runner.tool-results";

  private final QueueRepository queue;
  private final MessageRepository messages;
  private final StepRepository steps;
  private final ToolResultRepository toolResults;
  private final ProcessedEvents processed;
  private final Outbox outbox;
  private final RunChunks chunks;
  private final PendingApprovalRepository pendingApprovals;
  private final CompactionRepository compactions;
  private final ContextWindows windows;

  RunService(QueueRepository queue, MessageRepository messages, StepRepository steps,
      ToolResultRepository toolResults, ProcessedEvents processed, Outbox outbox, RunChunks chunks,
      PendingApprovalRepository pendingApprovals, CompactionRepository compactions, ContextWindows windows) {
    this.windows = windows;
    this.compactions = compactions;
    this.chunks = chunks;
    this.pendingApprovals = pendingApprovals;
    this.queue = queue;
    this.messages = messages;
    this.steps = steps;
    this.toolResults = toolResults;
    this.processed = processed;
    this.outbox = outbox;
  }

  /**
   * Queues an accepted message as {@code json}, its JSON (the inbox record's value, as written); a redelivered event
   * changes nothing. One statement records the event as processed and queues the run (no transaction of its own).
   */
  public boolean enqueue(MessageReceived event, String json) {
    return queue.enqueueOnce(INBOX_CONSUMER, event, json);
  }

  /** Forgets a deleted agent's history, journal and queue. */
  @Transactional
  public void deleteAgent(AgentDeleted event) {
    if (!processed.firstDelivery(INBOX_CONSUMER, event.eventId())) {
      return;
    }
    queue.deleteAgent(event.agentId());
    messages.deleteAgent(event.agentId());
    steps.deleteAgent(event.agentId());
    pendingApprovals.deleteAgent(event.agentId());
    compactions.deleteAgent(event.agentId());
  }

  /** Records a tool-executor result once. */
  @Transactional
  public ToolExecutionResult recordToolResult(ToolResultEvent event) {
    ToolExecutionResult result = switch (event) {
      case ToolCallSucceeded s -> new ToolExecutionResult(ToolExecutionResult.SUCCESS, s.toolReturn(), s.stdout(),
          s.stderr());
      case ToolCallFailed f -> new ToolExecutionResult(ToolExecutionResult.ERROR, f.error(), f.stdout(), f.stderr());
    };
    if (processed.firstDelivery(RESULTS_CONSUMER, event.eventId())) {
      toolResults.record(event.idempotencyKey(), result);
    }
    return result;
  }

  /**
   * Starts a queued run: stores the agent's system message on its first run, stores the input
   * messages and announces the run. Empty when the run is no longer queued (it was cancelled).
   */
  @Transactional
  public Optional<List<StoredMessage>> startRun(MessageReceived event) {
    if (!queue.markRunning(event.runId())) {
      return Optional.empty();
    }
    List<StoredMessage> stored = new ArrayList<>();
    ConversationKey conversation = RunExecutor.conversation(event);
    // A conversation's first run gives it its own system message (compiled before the first model call).
    if (!windows.hasSystemMessage(conversation).orElseGet(() -> messages.systemMessage(conversation).isPresent())) {
      stored.add(StoredMessage.draft(Ids.newId(Ids.MESSAGE), event.agentId(), null, null, StoredMessage.Role.SYSTEM,
          event.agent().system(), null, null, null, null, null, null, null));
    }
    // An approval answer's inputs are stored by ApprovalStep, after the tool returns they lead to.
    if (!event.answersApproval()) {
      event.messages().forEach(input -> stored.add(inputMessage(event, input)));
    }
    messages.insert(conversation, stored);
    // The inputs reach recall memory with the run's end, in the same event as its last step's messages.
    outbox.publish(new RunStarted(Ids.newId(Ids.EVENT), event.agentId(), event.runId(), Instant.now()));
    return Optional.of(stored);
  }

  /** The stored form of one ordinary input message of a run. */
  static StoredMessage inputMessage(MessageReceived event, InputMessage input) {
    StoredMessage.Role role = switch (input.role() == null ? "user" : input.role()) {
      case "assistant" -> StoredMessage.Role.ASSISTANT;
      case "system" -> StoredMessage.Role.SYSTEM;
      default -> StoredMessage.Role.USER;
    };
    return StoredMessage.draft(Ids.newId(Ids.MESSAGE), event.agentId(), event.runId(), null, role, input.content(),
        null, null, null, null, null, input.name(), input.otid());
  }

  /** Rewrites the system message in place after memory changed. */
  @Transactional
  public void updateSystemPrompt(String messageId, String prompt) {
    messages.updateContent(messageId, prompt);
  }

  /** Takes every message but the system message out of a conversation's window (message_buffer_autoclear). */
  @Transactional
  public void clearContext(ConversationKey conversation) {
    messages.clearContext(conversation);
  }

  /** Journals the model's answer of a step before its tools run (one statement, so no transaction of its own). */
  public void journal(String stepId, String runId, String agentId, int stepIndex, String handle,
      LlmResponse response, long llmNs) {
    steps.journal(stepId, runId, agentId, stepIndex, handle, response, llmNs);
  }

  /** Asks tool-executor to run a call. */
  @Transactional
  public void requestTool(ToolCallRequested request) {
    outbox.publish(request);
  }

  /**
   * Commits a step: the assistant message with its tool calls and every tool return enter the
   * history and the context window together, or not at all; their MessageChunks go out with them.
   */
  @Transactional
  public void commitStep(ConversationKey conversation, StepRecord step, List<StoredMessage> newMessages,
      boolean continueLoop, StopReason stopReason, long toolNs, long stepNs) {
    StoredStep stored = storeStep(conversation, step, newMessages, continueLoop, stopReason, toolNs, stepNs);
    List<DomainEvent> events = new ArrayList<>(stored.chunks());
    events.add(stored.completed());
    events.add(recall(step.agentId(), newMessages));
    outbox.publishAll(events);
  }

  /** What a stored step publishes: its messages as chunks (in the order clients see them), then its own event. */
  private record StoredStep(List<MessageChunk> chunks, StepCompleted completed) {
  }

  /** Stores a step's messages and marks it committed; returns the events that describe it, for the same commit. */
  private StoredStep storeStep(ConversationKey conversation, StepRecord step, List<StoredMessage> newMessages,
      boolean continueLoop, StopReason stopReason, long toolNs, long stepNs) {
    messages.insert(conversation, newMessages);
    steps.commit(step.id(), continueLoop, stopReason == null ? null : stopReason.wire(), toolNs, stepNs);
    LlmResponse r = step.response();
    return new StoredStep(chunks.committed(step.agentId(), step.runId(), newMessages),
        new StepCompleted(Ids.newId(Ids.EVENT), step.agentId(), step.runId(), step.id(), step.stepIndex(),
            step.modelHandle(), new UsageStatistics(r.completionTokens(), r.promptTokens(),
            r.completionTokens() + r.promptTokens(), 1), stepNs, step.llmRequestNs(), toolNs, Instant.now()));
  }

  /** Commits a run's last step and ends the run in the same transaction (one commit and one relay round less). */
  @Transactional
  public void commitFinalStep(ConversationKey conversation, StepRecord step, List<StoredMessage> newMessages,
      StopReason stopReason, long toolNs, long stepNs) {
    StoredStep stored = storeStep(conversation, step, newMessages, false, stopReason, toolNs, stepNs);
    List<DomainEvent> events = new ArrayList<>(stored.chunks());
    if (stopReason == StopReason.REQUIRES_APPROVAL) {
      // The agent now waits for the client's answer to the request this step stored.
      newMessages.stream().filter(m -> m.role() == StoredMessage.Role.APPROVAL).findFirst()
          .ifPresent(m -> pendingApprovals.record(step.agentId(), conversation.conversationId(), step.runId(),
              step.id(), m.id()));
    }
    // The step is announced inside the run's end: one record less for every consumer of run events.
    events.addAll(end(step.agentId(), step.runId(), stopReason, null, null, newMessages, stored.completed()));
    outbox.publishAll(events);
  }

  /**
   * Ends a queued run step-runner refuses to start (the approval flow); nothing happens when it is no longer
   * queued (a cancellation ended it first), so a run never gets two terminal events.
   */
  @Transactional
  public boolean refuseQueued(String agentId, String runId, String errorType, String error) {
    if (!queue.markRunning(runId)) {
      return false;
    }
    finishRun(agentId, runId, StopReason.ERROR, errorType, error);
    return true;
  }

  /** Ends a run: frees the agent's queue and reports the outcome with everything the run produced. */
  @Transactional
  public void finishRun(String agentId, String runId, StopReason stopReason, String errorType, String error) {
    outbox.publishAll(end(agentId, runId, stopReason, errorType, error, List.of(), null));
  }

  /**
   * Ends a run; {@code lastStep} are the messages of the step committed with the end, which reach recall memory
   * together with the run's inputs (one event per run in the common single-step run); {@code lastStepEvent} (or
   * null) is that step's announcement, carried by the end event. Returns the events to publish with the end.
   */
  private List<DomainEvent> end(String agentId, String runId, StopReason stopReason, String errorType, String error,
      List<StoredMessage> lastStep, StepCompleted lastStepEvent) {
    queue.markDone(runId);
    chunks.forget(runId);
    MessageRepository.RunMessages runMessages = messages.ofRun(runId);
    UsageStatistics usage = runMessages.usage();
    List<LettaMessage> produced = LettaMessages.of(runMessages.produced());
    // An approval answer's inputs went to recall memory with the answer's own commit (ApprovalCommits).
    boolean answersApproval = runMessages.inputs().stream().anyMatch(m -> m.role() == StoredMessage.Role.APPROVAL);
    List<StoredMessage> recalled = new ArrayList<>(answersApproval ? List.of() : runMessages.inputs());
    recalled.addAll(lastStep);
    List<DomainEvent> events = new ArrayList<>();
    MessagesPersisted recall = recall(agentId, recalled);
    if (!recall.messages().isEmpty()) {
      events.add(recall);
    }
    if (stopReason.runStatus() == dev.engram.contracts.RunStatus.FAILED) {
      events.add(new RunFailed(Ids.newId(Ids.EVENT), agentId, runId, stopReason, errorType, error, produced, usage,
          Instant.now(), lastStepEvent));
    } else {
      events.add(new RunCompleted(Ids.newId(Ids.EVENT), agentId, runId, stopReason, produced, usage,
          Instant.now(), lastStepEvent));
    }
    return events;
  }

  /**
   * The recall form of new messages: text, an assistant's reasoning and the names of the tools it called
   * (for a tool message, the tool whose return it holds), so memory-service can index what Letta indexes.
   */
  static MessagesPersisted recall(String agentId, List<StoredMessage> stored) {
    List<MessagesPersisted.RecallEntry> entries = new ArrayList<>();
    for (StoredMessage m : stored) {
      String text = m.content() == null ? "" : m.content();
      // A legacy agent's reply is the message argument of its send_message call: recall must find it.
      for (LlmToolCall call : m.toolCalls()) {
        String said = AgentLoops.SEND_MESSAGE.equals(call.name()) ? AgentLoops.sendMessageText(call.arguments()) : null;
        if (said != null && !said.isEmpty()) {
          text = text.isEmpty() ? said : text + "\n" + said;
        }
      }
      String reasoning = m.reasoning() == null || m.reasoning().isEmpty() ? null : m.reasoning();
      List<String> toolNames = m.role() == StoredMessage.Role.TOOL
          ? (m.toolName() == null ? List.of() : List.of(m.toolName()))
          : m.toolCalls().stream().map(LlmToolCall::name).toList();
      if (text.isEmpty() && reasoning == null && toolNames.isEmpty()) {
        continue;
      }
      entries.add(new MessagesPersisted.RecallEntry(m.id(), m.runId(), m.role().name().toLowerCase(), text,
          m.createdAt() == null ? Instant.now() : m.createdAt(), reasoning, toolNames.isEmpty() ? null : toolNames));
    }
    return new MessagesPersisted(Ids.newId(Ids.EVENT), agentId, entries);
  }
}
