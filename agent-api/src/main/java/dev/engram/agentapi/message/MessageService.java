package dev.engram.agentapi.message;

import dev.engram.agentapi.AgentApiConfig;
import dev.engram.agentapi.approval.Approvals;
import dev.engram.agentapi.run.Accepted;
import dev.engram.agentapi.run.RunOutcome;
import dev.engram.agentapi.run.RunService;
import dev.engram.agentapi.run.RunWaiters;
import dev.engram.agentapi.run.SendCommand;
import dev.engram.contracts.RunStatus;
import dev.engram.contracts.StopReason;
import dev.engram.contracts.api.InputMessage;
import dev.engram.platform.db.Sql;
import dev.engram.platform.rest.ApiException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.MDC;

/**
 * Non-streaming sends: accept the run (one commit with its inbox event), then wait on this virtual
 * thread for the run's terminal event and answer as Letta does.
 */
@ApplicationScoped
public class MessageService {
  private final RunService runs;
  private final RunWaiters waiters;
  private final AgentApiConfig config;
  private final MeterRegistry meters;
  private final Approvals approvals;

  MessageService(RunService runs, RunWaiters waiters, AgentApiConfig config, MeterRegistry meters,
      Approvals approvals) {
    this.approvals = approvals;
    this.runs = runs;
    this.waiters = waiters;
    this.config = config;
    this.meters = meters;
  }

  /** Sends and waits; the result is a {@link LettaResponse} or one of Letta's error bodies with its status. */
  public SendResult send(String agentId, SendMessageRequest request) {
    return send(agentId, null, request);
  }

  /** As {@link #send(String, SendMessageRequest)} to the agent's conversation {@code conversationId} (null: default). */
  public SendResult send(String agentId, String conversationId, SendMessageRequest request) {
    SendRequests.checkMode(request);
    List<InputMessage> inputs = SendRequests.inputs(request);
    Timer.Sample sample = Timer.start(meters);
    // Answered from the run's end: no stream reads its chunks (a background run is always a streamed send).
    SendCommand command = SendRequests.command(agentId, conversationId, inputs, request, false).withChunked(false);
    // Registered before the run exists, so even a run that ends before accept() returns cannot be missed.
    CompletableFuture<RunOutcome> waiter = waiters.register(command.runId());
    Accepted accepted;
    try {
      accepted = runs.accept(command);
    } catch (Sql.DataAccessException e) {
      waiters.unregister(command.runId(), waiter);
      if (e.uniqueViolation()) {
        throw ApiException.conflict("A message otid of this request is being sent to another agent");
      }
      throw e;
    } catch (RuntimeException e) {
      waiters.unregister(command.runId(), waiter);
      throw e;
    }
    String runId = accepted.run().id();
    if (!accepted.created()) {
      waiters.unregister(command.runId(), waiter);
      waiter = waiters.register(runId);
    }
    MDC.put("agent_id", agentId);
    MDC.put("run_id", runId);
    try {
      // A run this request created ends after its waiter was registered: no need to look it up before waiting.
      Optional<RunOutcome> outcome = waiters.await(runId, waiter, config.syncResponseTimeout(),
          config.syncPollInterval(), () -> runs.outcome(runId), !accepted.created());
      outcome.ifPresent(runs::settle);
      // A run step-runner refused for the approval flow answers with Letta's 409/400, not as a failed run.
      outcome.ifPresent(o -> approvals.rejectIfRefused(agentId, command.conversationId(), o));
      SendResult result = outcome.map(o -> answer(o, request.includeReturnMessageTypes()))
          .orElseGet(() -> stillRunning(runId));
      sample.stop(meters.timer("engram.agent_api.sync_response", "outcome",
          outcome.map(o -> o.status().wire()).orElse("timeout")));
      return result;
    } finally {
      MDC.remove("agent_id");
      MDC.remove("run_id");
    }
  }

  /** Letta's answer to a run that ended. */
  static SendResult answer(RunOutcome outcome, List<String> includeTypes) {
    if (outcome.status() != RunStatus.FAILED) {
      return new SendResult(200, new LettaResponse(MessageTypes.filter(outcome.messages(), includeTypes),
          LettaResponse.StopReasonView.of(outcome.stopReason()), outcome.usage()));
    }
    String message = outcome.errorMessage() == null ? "Run " + outcome.runId() + " failed ("
        + outcome.stopReason().wire() + ")" : outcome.errorMessage();
    if (outcome.stopReason() == StopReason.LLM_API_ERROR) {
      String type = outcome.errorType() == null ? "llm_error" : outcome.errorType();
      return new SendResult(llmStatus(type), new SendResult.LlmErrorBody(
          new SendResult.LlmError(type, llmSummary(type), message)));
    }
    return new SendResult(500, new SendResult.RunErrorBody(message, outcome.runId()));
  }

  /** Letta-style 504 for a run that outlived the wait; the client polls the run. */
  static SendResult stillRunning(String runId) {
    return new SendResult(504, new SendResult.RunErrorBody(
        "Run " + runId + " is still running; poll GET /v1/runs/" + runId, runId));
  }

  /** The status Letta answers each LLM error type with. */
  private static int llmStatus(String errorType) {
    return switch (errorType) {
      case "llm_timeout" -> 504;
      case "llm_rate_limit" -> 429;
      case "llm_authentication" -> 401;
      case "llm_insufficient_credits" -> 402;
      case "llm_bad_request", "context_window_exceeded" -> 400;
      default -> 502;
    };
  }

  private static String llmSummary(String errorType) {
    return switch (errorType) {
      case "llm_timeout" -> "The model provider did not answer in time.";
      case "llm_rate_limit" -> "The model provider is rate limiting requests; try again later.";
      case "llm_authentication" -> "The model provider rejected the configured credentials.";
      case "llm_insufficient_credits" -> "The model provider account has no credits left.";
      case "llm_bad_request" -> "The model provider rejected the request.";
      case "context_window_exceeded" -> "The conversation does not fit the model's context window.";
      default -> "The model provider returned an error.";
    };
  }
}
