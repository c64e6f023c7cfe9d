package dev.engram.toolexecutor.execution;

import dev.engram.contracts.Ids;
import dev.engram.contracts.api.ToolExecutionResult;
import dev.engram.contracts.events.ToolCallFailed;
import dev.engram.contracts.events.ToolCallRequested;
import dev.engram.contracts.events.ToolCallSucceeded;
import dev.engram.contracts.events.ToolResultEvent;
import dev.engram.platform.outbox.Outbox;
import dev.engram.toolexecutor.persistence.ToolExecution;
import dev.engram.toolexecutor.persistence.ToolExecutionRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * The transactions of a tool call: claiming its idempotency key before the tool runs, and
 * recording its result together with the result event (outbox) afterwards.
 */
@ApplicationScoped
public class ToolExecutionService {
  private final ToolExecutionRepository executions;
  private final Outbox outbox;

  ToolExecutionService(ToolExecutionRepository executions, Outbox outbox) {
    this.executions = executions;
    this.outbox = outbox;
  }

  /** What {@link #claim} found. */
  public sealed interface Claim {
    /** The caller owns the execution; {@code takenOver} if an earlier claim never completed. */
    record Granted(boolean takenOver) implements Claim {
    }

    /** The result is recorded already and its event was published again. */
    record Recorded(ToolExecution execution) implements Claim {
    }
  }

  /**
   * Claims the request's idempotency key. A recorded result is re-published (the requester may have
   * missed it) instead of running the tool again. A claim still {@code running} is granted again:
   * the caller only asks after checking that no execution of this key is in flight in this process,
   * so that claim was left by a process that died mid-execution.
   */
  @Transactional
  public Claim claim(ToolCallRequested request) {
    if (executions.claim(request)) {
      return new Claim.Granted(false);
    }
    ToolExecution existing = executions.findForUpdate(request.idempotencyKey()).orElseThrow();
    if (!existing.completed()) {
      return new Claim.Granted(true);
    }
    outbox.publish(resultEvent(existing));
    return new Claim.Recorded(existing);
  }

  /**
   * Records the result and publishes its event in one transaction. Returns false if another
   * execution of the key completed first; its recorded result is published instead, so every
   * answer to a key is the same.
   */
  @Transactional
  public boolean complete(ToolCallRequested request, ToolExecutionResult result) {
    // Microseconds, as PostgreSQL stores them, so a re-published event equals the first one.
    Instant completedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
    boolean recorded = executions.complete(request.idempotencyKey(), result, Ids.newId(Ids.EVENT), completedAt);
    outbox.publish(resultEvent(executions.findForUpdate(request.idempotencyKey()).orElseThrow()));
    return recorded;
  }

  /** The recorded execution as read by operators. */
  public Optional<ToolExecution> find(String idempotencyKey) {
    return executions.find(idempotencyKey);
  }

  /** The result event of a completed execution; the same event (same id) every time. */
  static ToolResultEvent resultEvent(ToolExecution e) {
    if (ToolExecutionResult.SUCCESS.equals(e.status())) {
      return new ToolCallSucceeded(e.resultEventId(), e.agentId(), e.runId(), e.stepId(), e.toolCallId(),
          e.idempotencyKey(), e.toolName(), e.toolReturn(), e.stdout(), e.stderr(), e.completedAt());
    }
    return new ToolCallFailed(e.resultEventId(), e.agentId(), e.runId(), e.stepId(), e.toolCallId(),
        e.idempotencyKey(), e.toolName(), e.toolReturn(), e.stdout(), e.stderr(), e.completedAt());
  }
}
