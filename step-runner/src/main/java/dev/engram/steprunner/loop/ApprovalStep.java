package dev.engram.steprunner.loop;

import dev.engram.contracts.Ids;
import dev.engram.contracts.PendingApprovals;
import dev.engram.contracts.api.AgentSnapshot;
import dev.engram.contracts.api.ApprovalItem;
import dev.engram.contracts.api.InputMessage;
import dev.engram.contracts.api.ToolDefinition;
import dev.engram.contracts.api.ToolExecutionResult;
import dev.engram.contracts.events.MessageReceived;
import dev.engram.platform.llm.LlmResponse;
import dev.engram.platform.llm.LlmToolCall;
import dev.engram.steprunner.context.ContextWindows;
import dev.engram.steprunner.message.ApprovalAnswer;
import dev.engram.steprunner.message.LettaMessages;
import dev.engram.steprunner.persistence.ConversationKey;
import dev.engram.steprunner.persistence.MessageRepository;
import dev.engram.steprunner.persistence.PendingApprovalRepository;
import dev.engram.steprunner.persistence.PendingApprovalRepository.PendingApproval;
import dev.engram.steprunner.persistence.StepRecord;
import dev.engram.steprunner.persistence.StoredMessage;
import dev.engram.steprunner.rules.ToolRuleSolver;
import dev.engram.steprunner.tool.ToolDispatcher;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The approval flow of a run (Letta's human-in-the-loop): a step whose calls need approval is stored as an
 * approval request outside the context window and that conversation of the agent waits ({@code pending_approvals},
 * one per conversation; the agent's other conversations go on). The conversation's next run must answer it: each call approved (it runs now), denied (an error return with the reason) or answered with
 * the client's own return; any other run is refused, and so is an answer that does not fit what is pending.
 * This table, kept by the agent's single worker, is the truth agent-api's fast 409 check reads a copy of.
 */
@ApplicationScoped
public class ApprovalStep {
  private final PendingApprovalRepository pending;
  private final MessageRepository messages;
  private final ToolDispatcher tools;
  private final ApprovalCommits commits;
  private final ContextWindows windows;

  ApprovalStep(PendingApprovalRepository pending, MessageRepository messages, ToolDispatcher tools,
      ApprovalCommits commits, ContextWindows windows) {
    this.pending = pending;
    this.messages = messages;
    this.tools = tools;
    this.commits = commits;
    this.windows = windows;
  }

  /** Why a run may not start: its RunFailed error type and message. */
  public record Rejection(String errorType, String message) {
  }

  /** The stored form of a model answer whose calls wait for the client: kept out of the context window. */
  static StoredMessage request(AgentSnapshot agent, StepRecord step, LlmResponse r) {
    return StoredMessage.draft(LettaMessages.assistantMessageId(step.id()), agent.id(), step.runId(), step.id(),
        StoredMessage.Role.APPROVAL, r.text(), r.reasoning(), r.toolCalls(), null, null, null, null, null)
        .withInContext(false);
  }

  /**
   * Checks a run against its conversation's pending request before it starts: a turn while a request waits is refused
   * (Letta's pending-approval conflict; this is also what happens to a message that was already queued when the
   * run before it stopped for approval), and an answer must name exactly the pending calls. Compactions pass.
   */
  public Optional<Rejection> screen(MessageReceived event) {
    if (event.compaction()) {
      return Optional.empty();
    }
    Optional<PendingApproval> waiting = pending.find(RunExecutor.conversation(event));
    if (!event.answersApproval()) {
      return waiting.map(p -> new Rejection(PendingApprovals.PENDING_ERROR_TYPE, PendingApprovals.MESSAGE));
    }
    if (waiting.isEmpty()) {
      return invalid("No tool call of this agent is waiting for approval in " + (event.defaultConversation()
          ? "its default conversation" : "conversation " + event.conversationId())
          + ", so there is nothing to answer.");
    }
    List<InputMessage> answers = event.messages().stream().filter(InputMessage::answersApproval).toList();
    if (answers.size() > 1 || !event.messages().getFirst().answersApproval()) {
      return invalid("Send one approval item, first in messages.");
    }
    InputMessage answer = answers.getFirst();
    PendingApproval request = waiting.get();
    List<LlmToolCall> calls = requestCalls(request);
    if (answer.approvalRequestId() != null && !answer.approvalRequestId().equals(request.messageId())) {
      return invalid("approval_request_id " + answer.approvalRequestId() + " is not the pending approval request ("
          + request.messageId() + ").");
    }
    if (answer.approvalsOrEmpty().isEmpty()) {
      return answer.approve() == null ? invalid("The approval has neither approvals nor approve.") : Optional.empty();
    }
    Set<String> callIds = calls.stream().map(LlmToolCall::id).collect(Collectors.toSet());
    Set<String> answered = new HashSet<>();
    for (ApprovalItem item : answer.approvalsOrEmpty()) {
      if (!callIds.contains(item.toolCallId())) {
        return invalid("Tool call " + item.toolCallId() + " is not waiting for approval; the pending calls are "
            + calls.stream().map(LlmToolCall::id).toList() + ".");
      }
      if (!answered.add(item.toolCallId())) {
        return invalid("Tool call " + item.toolCallId() + " is answered twice.");
      }
    }
    List<String> missing = calls.stream()
        .filter(c -> !answered.contains(c.id()) && needsAnswer(event.agent(), c.name()))
        .map(LlmToolCall::id).toList();
    return missing.isEmpty() ? Optional.empty()
        : invalid("The pending tool calls " + missing + " have no answer; answer every call that waits.");
  }

  /**
   * Answers the pending request with the run's approval input: runs approved calls (idempotently, under the
   * step that made them), turns denials and client returns into tool returns, and commits it all with the
   * messages sent alongside. Does nothing for a run without approval input, or when a resumed run committed
   * its answer already.
   */
  public void apply(MessageReceived event) {
    if (!event.answersApproval()) {
      return;
    }
    Optional<PendingApproval> waiting = pending.find(RunExecutor.conversation(event));
    if (waiting.isEmpty()) {
      return;
    }
    PendingApproval request = waiting.get();
    AgentSnapshot agent = event.agent();
    InputMessage answer = event.messages().stream().filter(InputMessage::answersApproval).findFirst().orElseThrow();
    Map<String, ApprovalItem> byCall = answer.approvalsOrEmpty().stream()
        .collect(Collectors.toMap(ApprovalItem::toolCallId, Function.identity()));
    List<StoredMessage> added = new ArrayList<>();
    added.add(StoredMessage.draft(Ids.newId(Ids.MESSAGE), agent.id(), event.runId(), null,
        StoredMessage.Role.APPROVAL, ApprovalAnswer.of(answer).toJson(), null, null, null, null, null, null,
        answer.otid()).withInContext(false));
    for (LlmToolCall call : requestCalls(request)) {
      ApprovalItem item = byCall.get(call.id());
      if (item == null) {
        // The deprecated single answer covers every call; without it, an unanswered call needed no approval.
        item = ApprovalItem.decision(call.id(), answer.approve() == null || answer.approve(), answer.reason());
      }
      ToolExecutionResult result = result(agent, request.conversation(), event.runId(), request.stepId(), call, item);
      added.add(StoredMessage.draft(Ids.newId(Ids.MESSAGE), agent.id(), event.runId(), request.stepId(),
          StoredMessage.Role.TOOL, result.toolReturn(), null, null, call.id(), call.name(), result.status(), null,
          null));
    }
    for (InputMessage input : event.messages()) {
      if (!input.answersApproval()) {
        added.add(RunService.inputMessage(event, input));
      }
    }
    commits.answer(request, added);
    windows.invalidate(request.conversation());
  }

  private ToolExecutionResult result(AgentSnapshot agent, ConversationKey conversation, String runId, String stepId,
      LlmToolCall call, ApprovalItem item) {
    if (item.clientReturn()) {
      String status = ToolExecutionResult.ERROR.equals(item.status()) ? ToolExecutionResult.ERROR
          : ToolExecutionResult.SUCCESS;
      return new ToolExecutionResult(status, item.toolReturn() == null ? "" : item.toolReturn(), item.stdout(),
          item.stderr());
    }
    if (!Boolean.TRUE.equals(item.approve())) {
      return ToolExecutionResult.error(denial(item.reason()));
    }
    if (!serverTool(agent, call.name())) {
      return ToolExecutionResult.error(call.name() + " is run by the client, not by the server: answer this call "
          + "with the tool's return (an approvals item of type \"tool\") instead of an approval.");
    }
    LlmToolCall executed = AgentLoops.isLegacy(agent.agentType())
        ? new LlmToolCall(call.id(), call.name(), AgentLoops.withoutHeartbeat(call.arguments())) : call;
    return tools.execute(agent, conversation, runId, stepId, executed);
  }

  /** What the model reads for a denied call. */
  static String denial(String reason) {
    return "The user denied this tool call, so it did not run."
        + (reason == null || reason.isBlank() ? "" : " Reason given: " + reason);
  }

  private List<LlmToolCall> requestCalls(PendingApproval request) {
    return messages.find(request.agentId(), request.messageId()).map(StoredMessage::toolCalls)
        .orElseThrow(() -> new IllegalStateException("Approval request " + request.messageId() + " is not stored"));
  }

  private static boolean needsAnswer(AgentSnapshot agent, String toolName) {
    return !serverTool(agent, toolName) || new ToolRuleSolver(agent.rules()).requiresApproval(toolName);
  }

  private static boolean serverTool(AgentSnapshot agent, String toolName) {
    return agent.tools().stream().map(ToolDefinition::name).anyMatch(toolName::equals);
  }

  private static Optional<Rejection> invalid(String message) {
    return Optional.of(new Rejection(PendingApprovals.INVALID_ERROR_TYPE, message));
  }
}
