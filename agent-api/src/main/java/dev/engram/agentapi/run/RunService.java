package dev.engram.agentapi.run;

import dev.engram.agentapi.agent.AgentRecord;
import dev.engram.agentapi.approval.Approvals;
import dev.engram.agentapi.conversation.ConversationRecord;
import dev.engram.agentapi.conversation.ConversationRepository;
import dev.engram.agentapi.conversation.ConversationService;
import dev.engram.agentapi.agent.AgentRepository;
import dev.engram.agentapi.stream.ChunkStore;
import dev.engram.agentapi.stream.EndOfRun;
import dev.engram.agentapi.tool.ToolRegistry;
import dev.engram.agentapi.tool.ToolView;
import dev.engram.contracts.Ids;
import dev.engram.contracts.RunStatus;
import dev.engram.contracts.api.AgentSnapshot;
import dev.engram.contracts.api.CompactionSettings;
import dev.engram.contracts.api.InputMessage;
import dev.engram.contracts.events.MessageChunk;
import dev.engram.contracts.events.MessageReceived;
import dev.engram.contracts.events.RunCompleted;
import dev.engram.contracts.events.RunEvent;
import dev.engram.contracts.events.RunFailed;
import dev.engram.contracts.events.RunStarted;
import dev.engram.contracts.events.StepCompleted;
import dev.engram.platform.db.AfterCommit;
import dev.engram.platform.outbox.Outbox;
import dev.engram.platform.rest.ApiException;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Runs: accepting sends (run + inbox event in one commit) and the read model fed by run events. */
@ApplicationScoped
public class RunService {
  /** {@code metadata.run_type} of a run that only compacts the context window (not a conversation turn). */
  public static final String COMPACTION_RUN_TYPE = "compaction";

  /**
   * How many runs {@link #endedHere} remembers at most. Runs nobody settles (background and streamed sends) stay
   * there until the set is cleared at this size, which costs nothing but the shortcut.
   */
  static final int ENDED_REMEMBERED = 10_000;

  private final RunRepository runs;
  private final AgentRepository agents;
  private final ToolRegistry tools;
  private final TransactionSynchronizationRegistry transactions;
  private final MeterRegistry meters;
  private final Outbox outbox;
  private final Approvals approvals;
  private final ChunkStore chunks;
  private final ConversationRepository conversationRecords;
  private final ConversationService conversations;
  /**
   * Runs whose end this instance has committed, by its read-model consumer or by a sync request's settle: the
   * other of the two, reading the same end later, skips what is already written.
   */
  private final Set<String> endedHere = ConcurrentHashMap.newKeySet();

  RunService(RunRepository runs, AgentRepository agents, ToolRegistry tools,
      TransactionSynchronizationRegistry transactions, MeterRegistry meters, Outbox outbox, Approvals approvals,
      ChunkStore chunks, ConversationRepository conversationRecords, ConversationService conversations) {
    this.transactions = transactions;
    this.meters = meters;
    this.conversationRecords = conversationRecords;
    this.conversations = conversations;
    this.approvals = approvals;
    this.chunks = chunks;
    this.runs = runs;
    this.agents = agents;
    this.tools = tools;
    this.outbox = outbox;
  }

  /**
   * Accepts a send. The agent row lock orders concurrent sends to one agent: each commits its run
   * and its {@link MessageReceived} before the next one starts, so the inbox sees them FIFO. A send
   * whose message otids were seen before attaches to that run instead of sending again. A send to a
   * {@code conv-…} conversation runs with the conversation's model and moves its {@code last_message_at}.
   */
  @Transactional
  public Accepted accept(SendCommand command) {
    AgentRecord agent = agents.lock(command.agentId())
        .orElseThrow(() -> ApiException.notFound("Agent not found"));
    ConversationRecord conversation = conversation(agent, command.conversationId());
    List<String> otids = command.messages().stream().map(InputMessage::otid).filter(Objects::nonNull).distinct()
        .toList();
    if (!otids.isEmpty()) {
      Optional<RunRecord> existing = runs.findByOtids(otids);
      if (existing.isPresent()) {
        if (!existing.get().agentId().equals(agent.id())) {
          throw ApiException.conflict("A message otid of this request was already sent to another agent (run "
              + existing.get().id() + ")");
        }
        String existingConversation = runs.conversationOf(existing.get().id()).orElse(null);
        if (!Objects.equals(existingConversation, command.conversationId())) {
          throw ApiException.conflict("A message otid of this request was already sent to another conversation "
              + "of the agent (run " + existing.get().id() + ")");
        }
        return new Accepted(existing.get(), false);
      }
    }
    // After the otid lookup: a retried send returns its run even if that run left an approval pending.
    approvals.checkSend(agent.id(), command.conversationId(), command.messages());
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    RunRecord run = new RunRecord(command.runId(), agent.id(), RunStatus.CREATED, command.background(), null,
        Map.of("run_type", "send_message"), command.requestConfig(), null, null, now, null, null);
    runs.insert(run, command.conversationId());
    runs.insertOtids(otids, run.id());
    if (conversation != null) {
      conversationRecords.touch(conversation.id(), now);
    }
    AgentSnapshot snapshot = snapshot(agent, conversation);
    outbox.publish(new MessageReceived(Ids.newId(Ids.EVENT), agent.id(), run.id(), snapshot, command.messages(),
        command.maxSteps(), now, null, command.streamTokens(),
        command.clientTools().isEmpty() ? null : command.clientTools(), command.conversationId(),
        command.chunked() ? null : false));
    return new Accepted(run, true);
  }

  /**
   * Queues a compaction of the agent's context window ({@code POST /v1/agents/{id}/summarize}) behind its
   * earlier runs, as {@link #accept} queues a send. The run record exists only for the waiting machinery
   * (RunWaiters and the read model); its metadata says {@code run_type: compaction}, and it does not count as
   * the agent's last run. {@code override} (optional) replaces the agent's compaction settings for this one.
   * {@code conversationId} names the {@code conv-…} conversation to compact (null: the default conversation).
   */
  @Transactional
  public RunRecord acceptCompaction(String agentId, String conversationId, String runId,
      CompactionSettings override) {
    AgentRecord agent = agents.lock(agentId).orElseThrow(() -> ApiException.notFound("Agent not found"));
    ConversationRecord conversation = conversation(agent, conversationId);
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    RunRecord run = new RunRecord(runId, agent.id(), RunStatus.CREATED, false, null,
        Map.of("run_type", COMPACTION_RUN_TYPE), null, null, null, now, null, null);
    runs.insert(run, conversationId);
    AgentSnapshot snapshot = snapshot(agent, conversation);
    if (override != null) {
      snapshot = withCompactionSettings(snapshot, override);
    }
    outbox.publish(new MessageReceived(Ids.newId(Ids.EVENT), agent.id(), run.id(), snapshot, List.of(), 1, now,
        MessageReceived.COMPACT, false, null, conversationId));
    return run;
  }

  /** The agent's conversation {@code conversationId} (null for the default one); 404 if it is gone or another's. */
  private ConversationRecord conversation(AgentRecord agent, String conversationId) {
    if (conversationId == null) {
      return null;
    }
    return conversationRecords.find(conversationId).filter(c -> c.agentId().equals(agent.id()))
        .orElseThrow(() -> ApiException.notFound("Conversation '" + conversationId + "' not found"));
  }

  /** The snapshot runs of one conversation of the agent carry (null: its default conversation); 404 if unknown. */
  public AgentSnapshot snapshot(String agentId, String conversationId) {
    AgentRecord agent = agents.find(agentId).orElseThrow(() -> ApiException.notFound("Agent not found"));
    return snapshot(agent, conversation(agent, conversationId));
  }

  /** The agent's snapshot with the conversation's model in place of its own (none: unchanged). */
  private AgentSnapshot snapshot(AgentRecord agent, ConversationRecord conversation) {
    AgentSnapshot a = snapshot(agent);
    if (conversation == null) {
      return a;
    }
    return new AgentSnapshot(a.id(), a.name(), a.agentType(), a.system(),
        conversations.llmConfig(conversation, a.llmConfig()), a.tools(), a.timezone(), a.embedding(), a.toolRules(),
        a.messageBufferAutoclear(), a.compactionSettings());
  }

  /** What step-runner knows of an agent: the snapshot its runs carry; 404 if unknown. */
  public AgentSnapshot snapshot(String agentId) {
    return snapshot(agents.find(agentId).orElseThrow(() -> ApiException.notFound("Agent not found")));
  }

  /** What step-runner needs to know of an agent to run it or compile its prompt. */
  public AgentSnapshot snapshot(AgentRecord agent) {
    return new AgentSnapshot(agent.id(), agent.name(), agent.agentType(), agent.system(),
        agent.llmConfig(), tools.forAgent(agent.id()).stream().map(ToolView::definition).toList(),
        agent.timezone(), agent.embedding(), agent.toolRules(), agent.messageBufferAutoclear(),
        agent.compactionSettings());
  }

  private static AgentSnapshot withCompactionSettings(AgentSnapshot a, CompactionSettings settings) {
    return new AgentSnapshot(a.id(), a.name(), a.agentType(), a.system(), a.llmConfig(), a.tools(), a.timezone(),
        a.embedding(), a.toolRules(), a.messageBufferAutoclear(), settings);
  }

  /** One run; 404 if unknown. */
  public RunRecord get(String runId) {
    return runs.find(runId).orElseThrow(() -> ApiException.notFound("Run not found"));
  }

  /**
   * How the run ended, if it has. A run that no longer exists went with its deleted agent (step-runner
   * drops the agent's queued work), so whoever waits for it gets Letta's 404 instead of a timeout.
   */
  public Optional<RunOutcome> outcome(String runId) {
    RunRecord run = runs.find(runId).orElseThrow(() -> ApiException.notFound("Agent not found"));
    return run.status().terminal() ? Optional.of(run.outcome()) : Optional.empty();
  }

  /**
   * Applies a run event to the read model; returns the outcome when this event ended the run. Every change is
   * guarded by the state it moves from, so a redelivered event changes nothing and needs no processed-event record
   * (docs/adr/0015): status only moves forward (created → running → terminal, a terminal run never changes), a
   * chunk is keyed by its seq_id and the stream log's end marker is written once.
   */
  public Optional<RunOutcome> apply(RunEvent event) {
    return switch (event) {
      case RunStarted started -> {
        runs.markRunning(started.runId(), started.startedAt() == null ? Instant.now() : started.startedAt());
        yield Optional.empty();
      }
      case StepCompleted ignored -> Optional.empty();
      case MessageChunk chunk -> {
        chunks.append(chunk);
        yield Optional.empty();
      }
      case RunCompleted completed -> end(RunOutcome.of(completed), completed.completedAt());
      case RunFailed failed -> end(RunOutcome.of(failed), failed.completedAt());
    };
  }

  /**
   * Records a run's end as a sync request learned it, so that the read model shows the end before
   * the response returns even when the read-model consumer lags; a no-op if it is recorded already.
   */
  public void settle(RunOutcome outcome) {
    if (endedHere.remove(outcome.runId())) {
      return;
    }
    QuarkusTransaction.joiningExisting().run(() -> finish(outcome, Instant.now()));
  }

  /**
   * Ends the run's stream log after its last chunk, then the run (the log's end marker is written even when a
   * sync request settled the run first). A run whose end this instance has committed already (a sync request
   * settled it, or the event is delivered again) needs the marker only.
   */
  private Optional<RunOutcome> end(RunOutcome outcome, Instant completedAt) {
    if (endedHere.remove(outcome.runId())) {
      chunks.end(outcome.runId(), EndOfRun.of(outcome));
      return Optional.empty();
    }
    return QuarkusTransaction.joiningExisting().call(() -> {
      chunks.end(outcome.runId(), EndOfRun.of(outcome));
      return finish(outcome, completedAt);
    });
  }

  private Optional<RunOutcome> finish(RunOutcome outcome, Instant completedAt) {
    Instant at = completedAt == null ? Instant.now() : completedAt;
    Map<String, Object> error = null;
    if (outcome.status() == RunStatus.FAILED) {
      error = new LinkedHashMap<>();
      error.put("error_type", outcome.errorType() == null ? outcome.stopReason().wire() : outcome.errorType());
      error.put("message", outcome.errorMessage() == null ? "Run failed: " + outcome.stopReason().wire()
          : outcome.errorMessage());
    }
    // Agent row first, then the run: the order accept() and agent deletion lock in, so no deadlock. A run the sync
    // request or the consumer ended already is not written again (its messages are not serialized for nothing).
    if (!runs.lockAgentWhileOpen(outcome.agentId(), outcome.runId())) {
      return Optional.empty();
    }
    Optional<RunRepository.Ended> ended = runs.finish(outcome.runId(), outcome.status(), outcome.stopReason(), at,
        outcome.usage(), outcome.messages(), error);
    if (ended.isEmpty()) {
      return Optional.empty();
    }
    RunRepository.Ended run = ended.get();
    // A compaction is not a turn of the agent: its last_run_* fields stay those of its last conversation run.
    if (!COMPACTION_RUN_TYPE.equals(run.runType())) {
      agents.recordRunEnd(run.agentId(), at, Math.max(0, Duration.between(run.createdAt(), at).toMillis()),
          outcome.stopReason().wire());
      approvals.onRunEnd(run, outcome);
    }
    AfterCommit.run(transactions, () -> {
      meters.counter("engram.agent_api.run.outcome", "status", outcome.status().wire(),
          "stop_reason", outcome.stopReason().wire()).increment();
      if (endedHere.size() >= ENDED_REMEMBERED) {
        endedHere.clear();
      }
      endedHere.add(outcome.runId());
    });
    return Optional.of(outcome);
  }
}
