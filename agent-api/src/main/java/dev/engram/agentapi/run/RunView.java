package dev.engram.agentapi.run;

import dev.engram.contracts.RunStatus;
import dev.engram.contracts.StopReason;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** Letta's {@code Run} as {@code GET /v1/runs/{id}} returns it. */
public record RunView(
    String id,
    String agentId,
    String conversationId,
    RunStatus status,
    Boolean background,
    Instant createdAt,
    Instant completedAt,
    StopReason stopReason,
    Map<String, Object> metadata,
    Map<String, Object> requestConfig,
    Long totalDurationNs,
    String callbackUrl,
    Instant callbackSentAt,
    Integer callbackStatusCode,
    String callbackError) {

  /** The view of a stored run without a callback. */
  public static RunView of(RunRecord run) {
    return of(run, null, RunCallback.NONE);
  }

  /** The view of a stored run, its conversation and its callback. */
  public static RunView of(RunRecord run, String conversationId, RunCallback callback) {
    Long duration = run.completedAt() == null ? null
        : Duration.between(run.createdAt(), run.completedAt()).toNanos();
    return new RunView(run.id(), run.agentId(), conversationId, run.status(), run.background(), run.createdAt(),
        run.completedAt(), run.stopReason(), run.metadata(), run.requestConfig(), duration, callback.url(),
        callback.sentAt(), callback.statusCode(), callback.error());
  }
}
