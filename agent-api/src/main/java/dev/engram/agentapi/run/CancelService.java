package dev.engram.agentapi.run;

import dev.engram.agentapi.agent.AgentRepository;
import dev.engram.contracts.Ids;
import dev.engram.contracts.RunStatus;
import dev.engram.contracts.events.RunCancellationRequested;
import dev.engram.platform.outbox.Outbox;
import dev.engram.platform.rest.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Cancelling runs of an agent. agent-api only asks: it publishes {@link RunCancellationRequested} per run through
 * the outbox and leaves the run's status to step-runner, whose {@code RunFailed(cancelled)} (or, if the run got
 * there first, its normal end) is what the read model records. So no run is ever reported cancelled and then runs:
 * a queued run reads {@code created} until step-runner has dropped it.
 */
@ApplicationScoped
public class CancelService {
  /** Answer for a run whose cancellation was requested (or that is already cancelled). */
  public static final String CANCELLED = "cancelled";
  /** Answer for a run that cannot be cancelled: unknown, another agent's, or already ended otherwise. */
  public static final String FAILED = "failed";

  private final RunRepository runs;
  private final AgentRepository agents;
  private final Outbox outbox;
  private final ActiveRuns active;

  CancelService(RunRepository runs, AgentRepository agents, Outbox outbox, ActiveRuns active) {
    this.runs = runs;
    this.agents = agents;
    this.outbox = outbox;
    this.active = active;
  }

  /**
   * Requests cancellation of {@code runIds} (or, when null or empty, of every created or running run of the agent)
   * and answers Letta's map of run id to {@code cancelled} / {@code failed}; 404 for an unknown agent, 409 when
   * there is no active run to cancel.
   */
  @Transactional
  public Map<String, String> cancel(String agentId, List<String> runIds) {
    // The agent row lock orders this after any send being accepted, so a just-accepted run is seen as active.
    agents.lock(agentId).orElseThrow(() -> ApiException.notFound("Agent not found"));
    List<String> targets = runIds == null || runIds.isEmpty() ? active.of(agentId) : runIds;
    if (targets.isEmpty()) {
      throw ApiException.conflict("No active runs to cancel for agent " + agentId);
    }
    return request(agentId, targets);
  }

  /**
   * Requests cancellation of every created or running run of one conversation of the agent ({@code conversationId}
   * null: its default conversation), as {@link #cancel} does; 409 when that conversation has none.
   */
  @Transactional
  public Map<String, String> cancelConversation(String agentId, String conversationId) {
    agents.lock(agentId).orElseThrow(() -> ApiException.notFound("Agent not found"));
    List<String> targets = active.of(agentId, conversationId);
    if (targets.isEmpty()) {
      throw ApiException.conflict("No active runs to cancel in " + (conversationId == null
          ? "the default conversation of agent " + agentId : "conversation " + conversationId));
    }
    return request(agentId, targets);
  }

  private Map<String, String> request(String agentId, List<String> targets) {
    Map<String, String> result = new LinkedHashMap<>();
    Instant now = Instant.now();
    for (String runId : targets) {
      Optional<RunRecord> run = runs.find(runId).filter(r -> r.agentId().equals(agentId));
      if (run.isEmpty()) {
        result.put(runId, FAILED);
      } else if (!run.get().status().terminal()) {
        outbox.publish(new RunCancellationRequested(Ids.newId(Ids.EVENT), agentId, runId, now));
        result.put(runId, CANCELLED);
      } else {
        result.put(runId, run.get().status() == RunStatus.CANCELLED ? CANCELLED : FAILED);
      }
    }
    return result;
  }
}
