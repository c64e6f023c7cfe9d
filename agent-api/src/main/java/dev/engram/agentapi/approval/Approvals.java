package dev.engram.agentapi.approval;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.engram.agentapi.client.DownstreamException;
import dev.engram.agentapi.client.StepRunnerClient;
import dev.engram.agentapi.run.RunRepository;
import dev.engram.agentapi.run.RunOutcome;
import dev.engram.contracts.Json;
import dev.engram.contracts.PendingApprovals;
import dev.engram.contracts.RunStatus;
import dev.engram.contracts.StopReason;
import dev.engram.contracts.api.ApprovalItem;
import dev.engram.contracts.api.InputMessage;
import dev.engram.contracts.message.ApprovalRequestMessage;
import dev.engram.contracts.message.ToolCall;
import dev.engram.platform.rest.ApiException;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * agent-api's side of the approval flow. step-runner's {@code pending_approvals} is the truth (its agent worker
 * refuses any run that does not fit it); agent-api keeps a copy from run outcomes so it can answer at once:
 * Letta's 409 {@code PENDING_APPROVAL} for a message while a request waits, a 400 for an answer when nothing
 * waits or for calls that are not pending, and {@code AgentState.pending_approval} (the default conversation's). A
 * request blocks only the conversation whose run stopped for it. Where the copy lags (a run
 * still going), the request is queued and step-runner's verdict comes back as the run's outcome.
 */
@ApplicationScoped
public class Approvals {
  private final PendingApprovalRepository pending;
  private final StepRunnerClient stepRunner;

  Approvals(PendingApprovalRepository pending, StepRunnerClient stepRunner) {
    this.pending = pending;
    this.stepRunner = stepRunner;
  }

  /** The request the agent's default conversation waits on, as agent-api knows it ({@code AgentState}). */
  public Optional<ApprovalRequestMessage> pendingRequest(String agentId) {
    return pending.find(agentId, null);
  }

  /** The request one conversation of the agent waits on ({@code conversationId} null: the default one). */
  public Optional<ApprovalRequestMessage> pendingRequest(String agentId, String conversationId) {
    return pending.find(agentId, conversationId);
  }

  /**
   * Checks a send against the pending request, under the agent's row lock (so it is ordered with other sends):
   * a message while a request waits is the 409; an answer must name pending calls, and needs something pending
   * (or a run still going, whose end may leave a request).
   */
  public void checkSend(String agentId, String conversationId, List<InputMessage> inputs) {
    Optional<ApprovalRequestMessage> request = pending.find(agentId, conversationId);
    Optional<InputMessage> answer = inputs.stream().filter(InputMessage::answersApproval).findFirst();
    if (answer.isEmpty()) {
      if (request.isPresent()) {
        throw new PendingApprovalException(request.get().id());
      }
      return;
    }
    if (request.isEmpty()) {
      if (!pending.hasActiveRuns(agentId, conversationId)) {
        throw ApiException.badRequest("No tool call of this agent is waiting for approval in " + (conversationId == null
            ? "its default conversation" : "conversation " + conversationId) + ", so there is nothing to answer.");
      }
      return;
    }
    ApprovalRequestMessage waiting = request.get();
    String requestId = answer.get().approvalRequestId();
    if (requestId != null && !requestId.equals(waiting.id())) {
      throw ApiException.badRequest("approval_request_id " + requestId + " is not the pending approval request ("
          + waiting.id() + ").");
    }
    Set<String> callIds = calls(waiting).stream().map(ToolCall::toolCallId).collect(Collectors.toSet());
    for (ApprovalItem item : answer.get().approvalsOrEmpty()) {
      if (!callIds.contains(item.toolCallId())) {
        throw ApiException.badRequest("Tool call " + item.toolCallId() + " is not waiting for approval; the pending "
            + "calls are " + calls(waiting).stream().map(ToolCall::toolCallId).toList() + ".");
      }
    }
  }

  /**
   * Updates the copy when a conversation run ended: the request it stopped for, or nothing pending after a run
   * that ended normally (it started only because nothing was pending, and left nothing). A run that was cancelled
   * or failed may have ended before it applied an approval answer, so the truth is asked from step-runner then
   * (the copy stays as it is if step-runner cannot be reached). Runs step-runner refused because of the approval
   * flow change nothing.
   */
  public void onRunEnd(RunRepository.Ended run, RunOutcome outcome) {
    if (refusedByApprovalFlow(outcome)) {
      return;
    }
    String conversationId = run.conversationId();
    if (outcome.stopReason() == StopReason.REQUIRES_APPROVAL) {
      ApprovalRequestMessage request = outcome.messages().stream().filter(ApprovalRequestMessage.class::isInstance)
          .map(ApprovalRequestMessage.class::cast).reduce((first, second) -> second).orElse(null);
      pending.setAsOf(run.agentId(), conversationId, request, run.createdAt());
    } else if (outcome.stopReason().runStatus() == RunStatus.COMPLETED) {
      pending.setAsOf(run.agentId(), conversationId, null, run.createdAt());
    } else {
      stepRunnersRequest(run.agentId(), conversationId).ifPresent(request ->
          pending.setAsOf(run.agentId(), conversationId, request.orElse(null), run.createdAt()));
    }
  }

  /**
   * step-runner's pending request of the conversation (empty inside: none); empty outside when it could not be
   * asked.
   */
  private Optional<Optional<ApprovalRequestMessage>> stepRunnersRequest(String agentId, String conversationId) {
    try {
      return Optional.of(Optional.of(Json.MAPPER.treeToValue(stepRunner.pendingApproval(agentId, conversationId),
          ApprovalRequestMessage.class)));
    } catch (ApiException e) {
      if (e.status() == 404) {
        return Optional.of(Optional.empty());
      }
      Log.warnf("step-runner refused the pending-approval lookup of %s; its copy is kept: %s", agentId,
          e.getMessage());
      return Optional.empty();
    } catch (DownstreamException | JsonProcessingException | IllegalArgumentException e) {
      Log.warnf("Could not ask step-runner for the pending approval of %s; its copy is kept: %s", agentId,
          e.getMessage());
      return Optional.empty();
    }
  }

  /**
   * Throws Letta's error for a run step-runner refused: the 409 for a message that met a pending request (its
   * id asked from step-runner, the truth), a 400 for an answer that did not fit. Other outcomes pass.
   */
  public void rejectIfRefused(String agentId, String conversationId, RunOutcome outcome) {
    if (PendingApprovals.PENDING_ERROR_TYPE.equals(outcome.errorType())) {
      throw new PendingApprovalException(pendingRequestId(agentId, conversationId));
    }
    if (PendingApprovals.INVALID_ERROR_TYPE.equals(outcome.errorType())) {
      throw ApiException.badRequest(outcome.errorMessage());
    }
  }

  private String pendingRequestId(String agentId, String conversationId) {
    try {
      return stepRunner.pendingApproval(agentId, conversationId).path("id").asText(null);
    } catch (ApiException notPendingAnyMore) {
      // Answered meanwhile (404): the copy may still name it; the conflict stands either way.
      return pending.find(agentId, conversationId).map(ApprovalRequestMessage::id).orElse(null);
    } catch (DownstreamException e) {
      Log.warnf("Could not ask step-runner for the pending approval of %s: %s", agentId, e.getMessage());
      return pending.find(agentId, conversationId).map(ApprovalRequestMessage::id).orElse(null);
    }
  }

  private static boolean refusedByApprovalFlow(RunOutcome outcome) {
    return PendingApprovals.PENDING_ERROR_TYPE.equals(outcome.errorType())
        || PendingApprovals.INVALID_ERROR_TYPE.equals(outcome.errorType());
  }

  private static List<ToolCall> calls(ApprovalRequestMessage request) {
    return request.toolCalls() != null ? request.toolCalls()
        : request.toolCall() == null ? List.of() : List.of(request.toolCall());
  }
}
