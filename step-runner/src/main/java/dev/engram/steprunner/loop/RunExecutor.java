package dev.engram.steprunner.loop;

import dev.engram.contracts.Ids;
import dev.engram.contracts.StopReason;
import dev.engram.contracts.api.AgentSnapshot;
import dev.engram.contracts.events.MessageReceived;
import dev.engram.platform.llm.LlmException;
import dev.engram.platform.llm.LlmMessage;
import dev.engram.platform.llm.LlmRequest;
import dev.engram.platform.llm.LlmResponse;
import dev.engram.steprunner.context.Compactor;
import dev.engram.steprunner.context.ContextCompactionException;
import dev.engram.steprunner.context.ContextWindows;
import dev.engram.steprunner.context.PromptForms;
import dev.engram.steprunner.context.PromptMessages;
import dev.engram.steprunner.context.SystemPrompts;
import dev.engram.steprunner.context.TokenCounter;
import dev.engram.steprunner.persistence.ConversationKey;
import dev.engram.steprunner.persistence.MessageRepository;
import dev.engram.steprunner.persistence.StepRecord;
import dev.engram.steprunner.persistence.StepRepository;
import dev.engram.steprunner.persistence.StoredMessage;
import dev.engram.steprunner.rules.ToolRuleSolver;
import dev.engram.steprunner.stream.RunChunks;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Drives one run to its end, step by step, resuming from the journal: committed steps are not
 * redone, a journaled model answer is not requested again, and tool calls replay idempotently.
 */
@ApplicationScoped
public class RunExecutor {
  private final RunService runs;
  private final MessageRepository messages;
  private final StepRepository steps;
  private final MeterRegistry meters;
  private final SystemPrompts prompts;
  private final ContextWindows windows;
  private final ToolStep toolStep;
  private final Compactor compactor;
  private final ModelCaller models;
  private final RunCancellations cancellations;
  private final ApprovalStep approvals;
  private final RunChunks chunks;

  RunExecutor(RunService runs, MessageRepository messages, StepRepository steps, ModelCaller models,
      MeterRegistry meters, SystemPrompts prompts, ContextWindows windows, ToolStep toolStep, Compactor compactor,
      RunCancellations cancellations, ApprovalStep approvals, RunChunks chunks) {
    this.chunks = chunks;
    this.models = models;
    this.cancellations = cancellations;
    this.approvals = approvals;
    this.toolStep = toolStep;
    this.compactor = compactor;
    this.prompts = prompts;
    this.windows = windows;
    this.runs = runs;
    this.messages = messages;
    this.steps = steps;
    this.meters = meters;
  }

  /**
   * Executes (or resumes) a run; always ends it with exactly one terminal event. A run cancelled while it was
   * queued is not started (its end was published with the cancellation).
   */
  public void execute(MessageReceived event, boolean alreadyStarted) {
    RunCancellation cancellation = cancellations.watch(event.runId());
    chunks.executing(event);
    try {
      if (!alreadyStarted) {
        Optional<ApprovalStep.Rejection> refused = approvals.screen(event);
        if (refused.isPresent()) {
          // Refused before it started (the agent waits for an approval answer, or this answer does not fit).
          if (runs.refuseQueued(event.agentId(), event.runId(), refused.get().errorType(), refused.get().message())) {
            meters.counter("engram.runs.finished", "stop_reason", StopReason.ERROR.wire()).increment();
          }
          return;
        }
        Optional<List<StoredMessage>> started = runs.startRun(event);
        if (started.isEmpty()) {
          return;
        }
        windows.append(conversation(event), started.get());
      }
      execute(event, cancellation, !alreadyStarted);
    } finally {
      chunks.release(event.runId());
      cancellations.release(cancellation);
    }
  }

  /** {@code fresh}: the run was started just now, so it has no journal yet. */
  private void execute(MessageReceived event, RunCancellation cancellation, boolean fresh) {
    String agentId = event.agentId();
    String runId = event.runId();
    StopReason stop;
    String errorType = null;
    String error = null;
    try {
      LoopEnd end = loop(event, cancellation, fresh);
      stop = end.stopReason();
      if (end.finished()) {
        autoclear(event);
        meters.counter("engram.runs.finished", "stop_reason", stop.wire()).increment();
        return;
      }
    } catch (RunCancelledException e) {
      // Stopped at a safe point: every committed step is whole, an abandoned model answer was never stored.
      Log.infof("Run %s cancelled", runId);
      stop = StopReason.CANCELLED;
    } catch (ContextCompactionException e) {
      // The window could not be made to fit (summarizer failed or late, system prompt too big): a terminal error.
      Log.warnf("Run %s stopped: %s", runId, e.getMessage());
      stop = e.stopReason();
      errorType = e.errorType();
      error = e.getMessage();
    } catch (LlmException e) {
      Log.warnf("Run %s failed calling the model: %s", runId, e.getMessage());
      stop = StopReason.LLM_API_ERROR;
      errorType = e.kind().errorType();
      error = e.getMessage();
    } catch (RuntimeException e) {
      // What was committed is uncertain after an unexpected failure: read the windows again next time.
      windows.invalidate(agentId);
      Log.errorf(e, "Run %s failed", runId);
      stop = StopReason.ERROR;
      errorType = "internal_error";
      error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
    runs.finishRun(agentId, runId, stop, errorType, error);
    autoclear(event);
    meters.counter("engram.runs.finished", "stop_reason", stop.wire()).increment();
  }

  /** How the loop ended, and whether the run's end is already committed with its last step. */
  private record LoopEnd(StopReason stopReason, boolean finished) {
  }

  private LoopEnd loop(MessageReceived event, RunCancellation cancellation, boolean fresh) {
    // The request's client tools join the agent's for this run only.
    AgentSnapshot agent = ClientTools.effectiveAgent(event);
    ConversationKey conversation = conversation(event);
    if (event.compaction()) {
      // A compaction queued by POST /v1/agents/{id}/summarize: no model step of the agent itself.
      compactor.compactNow(agent, conversation, cancellation);
      return new LoopEnd(StopReason.END_TURN, false);
    }
    compactor.resumeOpen(agent, conversation, cancellation);
    // A run this worker started a moment ago has journaled nothing; one resumed after a crash reads its journal.
    List<StepRecord> journal = fresh ? List.of() : steps.byRun(event.runId());
    int maxSteps = event.maxSteps() <= 0 ? 50 : event.maxSteps();
    // The rules' call history spans the run: a resumed run replays the calls it already committed.
    ToolRuleSolver solver = new ToolRuleSolver(ClientTools.solverRules(event));
    // A cancelled answer leaves the request pending, as it would had the cancellation come while it was queued.
    cancellation.check();
    // An approval answer first runs (or refuses) the calls that waited; their returns count in the history.
    approvals.apply(event);
    if (!journal.isEmpty() || event.answersApproval()) {
      ToolStep.replay(solver, messages.byRun(event.runId()));
    }
    for (int index = 0; index < maxSteps; index++) {
      cancellation.check();
      StepRecord step = index < journal.size() ? journal.get(index) : null;
      if (step != null && step.committed()) {
        if (!Boolean.TRUE.equals(step.continueLoop())) {
          return new LoopEnd(step.stopReason() == null ? StopReason.END_TURN : StopReason.fromWire(step.stopReason()),
              false);
        }
        continue;
      }
      long stepStart = System.nanoTime();
      if (step == null) {
        final int stepIndex = index;
        // Compacts the context first if the request would not fit, and on the provider's overflow error.
        step = compactor.withRoom(agent, conversation, cancellation,
            () -> callModel(agent, conversation, event, stepIndex, solver, cancellation));
      }
      // A model answer whose tools have not run yet is dropped on cancellation: no tool call without its return.
      cancellation.check();
      ToolStep.Outcome outcome = toolStep.run(agent, conversation, step, index == maxSteps - 1, solver);
      long stepNs = System.nanoTime() - stepStart;
      if (outcome.continueLoop()) {
        runs.commitStep(conversation, step, outcome.messages(), true, null, outcome.toolNs(), stepNs);
      } else {
        runs.commitFinalStep(conversation, step, outcome.messages(), outcome.stopReason(), outcome.toolNs(), stepNs);
      }
      windows.append(conversation, outcome.messages().stream().filter(StoredMessage::inContext).toList());
      meters.timer("engram.step.duration").record(stepNs, TimeUnit.NANOSECONDS);
      if (!outcome.continueLoop()) {
        return new LoopEnd(outcome.stopReason(), true);
      }
    }
    return new LoopEnd(StopReason.MAX_STEPS, false);
  }

  private StepRecord callModel(AgentSnapshot agent, ConversationKey conversation, MessageReceived event, int index,
      ToolRuleSolver solver, RunCancellation cancellation) {
    String runId = event.runId();
    int returnCap = PromptMessages.returnCap(TokenCounter.contextWindow(agent.llmConfig()));
    List<PromptForms.Formed> context = windows.prompt(conversation, returnCap);
    StoredMessage system = context.stream().map(PromptForms.Formed::stored)
        .filter(m -> m.role() == StoredMessage.Role.SYSTEM).findFirst()
        .orElseThrow(() -> new IllegalStateException("Agent " + agent.id() + " has no system message"));
    String prompt = system.content();
    // Rewritten in place only when what it shows changed, so provider prefix caches stay warm.
    Optional<String> refreshed = prompts.refresh(agent, conversation, prompt);
    if (refreshed.isPresent()) {
      prompt = refreshed.get();
      runs.updateSystemPrompt(system.id(), prompt);
      windows.rewrite(conversation, system.id(), prompt);
    }
    // The system message goes first with its current text; every other message is as the window holds it.
    List<LlmMessage> request = new ArrayList<>();
    request.add(LlmMessage.system(prompt));
    for (PromptForms.Formed m : context) {
      if (!m.stored().id().equals(system.id())) {
        request.add(m.form());
      }
    }
    AgentLoops.Offer offer = AgentLoops.offer(agent, solver);
    var llmConfig = agent.llmConfig();
    // Known before the call: token deltas carry the id of the assistant message the step will store.
    String stepId = Ids.newId(Ids.STEP);
    long llmStart = System.nanoTime();
    LlmResponse response = models.call(new LlmRequest(llmConfig.handle(), request, offer.tools(),
            llmConfig.temperature(), llmConfig.maxTokens(), offer.parallel(), offer.toolChoice()),
        new ModelCaller.Target(agent.id(), runId, stepId, event.streamTokens(), AgentLoops.isLegacy(agent.agentType()),
            solver::requiresApproval),
        cancellation);
    long llmNs = System.nanoTime() - llmStart;
    meters.timer("engram.step.llm").record(llmNs, TimeUnit.NANOSECONDS);
    runs.journal(stepId, runId, agent.id(), index, llmConfig.handle(), response, llmNs);
    return new StepRecord(stepId, runId, agent.id(), index, "llm_done", llmConfig.handle(), response, null, null,
        llmNs, 0, 0);
  }

  /**
   * A workflow agent (message_buffer_autoclear) starts every run from its system message alone: after the
   * run, every other message leaves the context window (it stays stored and searchable).
   */
  private void autoclear(MessageReceived event) {
    if (event.agent().autoclear()) {
      ConversationKey conversation = conversation(event);
      runs.clearContext(conversation);
      windows.invalidate(conversation);
    }
  }

  /** The conversation a run reads and extends. */
  static ConversationKey conversation(MessageReceived event) {
    return new ConversationKey(event.agentId(), event.conversationId());
  }
}
