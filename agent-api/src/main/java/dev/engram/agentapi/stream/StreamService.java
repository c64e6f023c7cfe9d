package dev.engram.agentapi.stream;

import dev.engram.agentapi.AgentApiConfig;
import dev.engram.agentapi.message.SendMessageRequest;
import dev.engram.agentapi.message.SendRequests;
import dev.engram.agentapi.agent.AgentService;
import dev.engram.agentapi.run.Accepted;
import dev.engram.agentapi.run.ActiveRuns;
import dev.engram.agentapi.run.RunRecord;
import dev.engram.agentapi.run.RunRepository;
import dev.engram.agentapi.run.RunService;
import dev.engram.agentapi.run.SendCommand;
import dev.engram.contracts.Ids;
import dev.engram.contracts.api.InputMessage;
import dev.engram.platform.db.Sql;
import dev.engram.platform.rest.ApiException;
import io.smallrye.mutiny.Multi;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Streamed sends and stream resumes (ADR 0008). Everything that can fail before the first byte (validation, an
 * unknown agent or run, a non-background run) throws here, so the client gets an ordinary HTTP error; once the
 * stream runs, failures arrive as Letta's SSE error triple. A client that disconnects from a stream only closes
 * its stream: the run goes on and its log stays resumable (background runs) or readable through the run.
 */
@ApplicationScoped
public class StreamService {
  /** Letta's default {@code batch_size} of a resume. */
  static final int DEFAULT_BATCH = 100;
  /** The largest {@code batch_size} a resume may ask for. */
  static final int MAX_BATCH = 10_000;
  /** Letta's default {@code poll_interval} of a resume (seconds). */
  static final double DEFAULT_POLL_SECONDS = 0.1;

  private static final ResumeRequest NO_RESUME_BODY = new ResumeRequest(null, null, null, null, null, null, null);

  private final RunService runs;
  private final RunRepository runRecords;
  private final ActiveRuns activeRuns;
  private final AgentService agents;
  private final StreamHub hub;
  private final AgentApiConfig config;

  StreamService(RunService runs, RunRepository runRecords, ActiveRuns activeRuns, AgentService agents, StreamHub hub,
      AgentApiConfig config) {
    this.runs = runs;
    this.runRecords = runRecords;
    this.activeRuns = activeRuns;
    this.agents = agents;
    this.hub = hub;
    this.config = config;
  }

  /** Accepts a streamed send ({@code streaming} is implied) and returns its stream, initial ping first. */
  public Multi<SseFrame> send(String agentId, SendMessageRequest req) {
    return send(agentId, null, req);
  }

  /** As {@link #send(String, SendMessageRequest)} to the agent's conversation {@code conversationId} (null: default). */
  public Multi<SseFrame> send(String agentId, String conversationId, SendMessageRequest req) {
    if (req.maxSteps() != null && req.maxSteps() < 1) {
      throw ApiException.unprocessable("max_steps: Input should be greater than or equal to 1");
    }
    List<InputMessage> inputs = SendRequests.inputs(req);
    SendCommand command = SendRequests.command(agentId, conversationId, inputs, req, true);
    boolean background = command.background();
    Accepted accepted;
    try {
      accepted = runs.accept(command);
    } catch (Sql.DataAccessException e) {
      if (e.uniqueViolation()) {
        throw ApiException.conflict("A message otid of this request is being sent to another agent");
      }
      throw e;
    }
    RunRecord run = accepted.run();
    if (!accepted.created()) {
      // A retry (same otids) streams the run it started from the log, which must still be there.
      requireRetained(run);
    }
    return hub.open(new StreamSpec(run.id(), 0, run.background(), types(req.includeReturnMessageTypes()),
        !Boolean.FALSE.equals(req.includePings()), true, DEFAULT_BATCH,
        Duration.ofMillis((long) (DEFAULT_POLL_SECONDS * 1000))));
  }

  /** Resumes a background run's stream after {@code starting_after} and tails it to the run's end. */
  public Multi<SseFrame> resume(String runId, ResumeRequest req) {
    ResumeRequest body = req == null ? NO_RESUME_BODY : req;
    long after = body.startingAfter() == null ? 0 : body.startingAfter();
    if (after < 0) {
      throw ApiException.unprocessable("starting_after: Input should be greater than or equal to 0");
    }
    int batch = body.batchSize() == null ? DEFAULT_BATCH : body.batchSize();
    if (batch < 1 || batch > MAX_BATCH) {
      throw ApiException.unprocessable("batch_size: Input should be between 1 and " + MAX_BATCH);
    }
    double poll = body.pollInterval() == null ? DEFAULT_POLL_SECONDS : body.pollInterval();
    if (!(poll > 0) || poll > 60) {
      throw ApiException.unprocessable("poll_interval: Input should be greater than 0 and at most 60 seconds");
    }
    RunRecord run = runs.get(runId);
    if (!run.background()) {
      throw ApiException.badRequest("Run " + runId + " was not created in background mode, so it cannot be "
          + "retrieved; send with background=true to get a resumable stream");
    }
    requireRetained(run);
    Object types = run.requestConfig() == null ? null : run.requestConfig().get("include_return_message_types");
    return hub.open(new StreamSpec(run.id(), after, true,
        types instanceof List<?> list ? types(list.stream().map(String::valueOf).toList()) : null,
        !Boolean.FALSE.equals(body.includePings()), false, batch,
        Duration.ofMillis(Math.max(10, (long) (poll * 1000)))));
  }

  /** 410 for a run whose stream log is past the retention (purged or about to be). */
  private void requireRetained(RunRecord run) {
    if (run.createdAt().plus(config.streamRetention()).isBefore(Instant.now())) {
      throw new ApiException(410, "Run " + run.id() + " is older than the stream retention ("
          + config.streamRetention() + "); its stream is no longer available. Its messages: GET /v1/runs/"
          + run.id() + "/messages");
    }
  }

  /**
   * Resumes a stream of a conversation ({@code POST /v1/conversations/{id}/stream}). The run is, in this order:
   * {@code run_id}; the run whose send carried the message {@code otid}; the newest created or running send of
   * that conversation of {@code agentId} ({@code conversationId} null: the agent's default conversation; the agent
   * is null when the path said {@code default} without {@code agent_id}, which only the first two ways can do
   * without). Then as {@link #resume}, which refuses a run not in background mode.
   */
  public Multi<SseFrame> resumeConversation(String agentId, String conversationId, ResumeRequest req) {
    ResumeRequest body = req == null ? NO_RESUME_BODY : req;
    if (body.runId() != null) {
      runRecords.find(body.runId()).ifPresent(run -> checkScope(run, agentId, conversationId));
      return resume(body.runId(), body);
    }
    if (body.otid() != null) {
      RunRecord run = runRecords.findByOtids(List.of(body.otid())).orElseThrow(() -> ApiException.notFound(
          "No run found for otid=" + body.otid() + "; the run may have expired or never existed"));
      checkScope(run, agentId, conversationId);
      return resume(run.id(), body);
    }
    if (agentId == null) {
      throw ApiException.unprocessable("agent_id: Field required when the conversation is 'default' and neither "
          + "run_id nor otid is given");
    }
    agents.requireExists(agentId);
    String runId = activeRuns.newestSend(agentId, conversationId)
        .orElseThrow(() -> ApiException.badRequest("No active runs found for this conversation."));
    return resume(runId, body);
  }

  /** A run named on a conversation's resume path must be one of that conversation's runs (404 otherwise). */
  private void checkScope(RunRecord run, String agentId, String conversationId) {
    boolean sameAgent = agentId == null || agentId.equals(run.agentId());
    boolean sameConversation = java.util.Objects.equals(runRecords.conversationOf(run.id()).orElse(null),
        conversationId);
    if (!sameAgent || !sameConversation) {
      throw ApiException.notFound("Run " + run.id() + " is not a run of " + (conversationId == null
          ? "this agent's default conversation" : "conversation " + conversationId));
    }
  }

  private static Set<String> types(List<String> include) {
    return include == null ? null : new LinkedHashSet<>(include);
  }
}
