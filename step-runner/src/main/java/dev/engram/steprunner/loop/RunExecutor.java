package dev.engram.steprunner.loop;

import dev.engram.contracts.Ids;
import dev.engram.contracts.Json;
import dev.engram.contracts.StopReason;
import dev.engram.contracts.api.AgentSnapshot;
import dev.engram.contracts.api.BlockView;
import dev.engram.contracts.api.ToolDefinition;
import dev.engram.contracts.api.ToolExecutionResult;
import dev.engram.contracts.events.MessageReceived;
import dev.engram.platform.llm.LlmClient;
import dev.engram.platform.llm.LlmException;
import dev.engram.platform.llm.LlmMessage;
import dev.engram.platform.llm.LlmRequest;
import dev.engram.platform.llm.LlmResponse;
import dev.engram.platform.llm.LlmTool;
import dev.engram.platform.llm.LlmToolCall;
import dev.engram.steprunner.client.MemoryClient;
import dev.engram.steprunner.context.BlockCache;
import dev.engram.steprunner.context.Compactor;
import dev.engram.steprunner.context.ContextCompactionException;
import dev.engram.steprunner.context.ContextWindows;
import dev.engram.steprunner.context.PromptCompiler;
import dev.engram.steprunner.context.PromptMessages;
import dev.engram.steprunner.persistence.MessageRepository;
import dev.engram.steprunner.persistence.StepRecord;
import dev.engram.steprunner.persistence.StepRepository;
import dev.engram.steprunner.persistence.StoredMessage;
import dev.engram.steprunner.tool.ToolDispatcher;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
  private final MemoryClient memory;
  private final LlmClient llm;
  private final ToolDispatcher tools;
  private final MeterRegistry meters;
  private final BlockCache blockCache;
  private final ContextWindows windows;
  private final Compactor compactor;

  RunExecutor(RunService runs, MessageRepository messages, StepRepository steps, MemoryClient memory, LlmClient llm,
      ToolDispatcher tools, MeterRegistry meters, BlockCache blockCache, ContextWindows windows, Compactor compactor) {
    this.compactor = compactor;
    this.blockCache = blockCache;
    this.windows = windows;
    this.runs = runs;
    this.messages = messages;
    this.steps = steps;
    this.memory = memory;
    this.llm = llm;
    this.tools = tools;
    this.meters = meters;
  }

  /** Executes (or resumes) a run; always ends it with exactly one terminal event. */
  public void execute(MessageReceived event, boolean alreadyStarted) {
    String agentId = event.agentId();
    String runId = event.runId();
    if (!alreadyStarted) {
      windows.append(agentId, runs.startRun(event));
    }
    StopReason stop;
    String errorType = null;
    String error = null;
    try {
      LoopEnd end = loop(event);
      stop = end.stopReason();
      if (end.finished()) {
        meters.counter("engram.runs.finished", "stop_reason", stop.wire()).increment();
        return;
      }
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
      // What was committed is uncertain after an unexpected failure: read the window again next time.
      windows.invalidate(agentId);
      Log.errorf(e, "Run %s failed", runId);
      stop = StopReason.ERROR;
      errorType = "internal_error";
      error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
    runs.finishRun(agentId, runId, stop, errorType, error);
    meters.counter("engram.runs.finished", "stop_reason", stop.wire()).increment();
  }

  /** How the loop ended, and whether the run's end is already committed with its last step. */
  private record LoopEnd(StopReason stopReason, boolean finished) {
  }

  private LoopEnd loop(MessageReceived event) {
    AgentSnapshot agent = event.agent();
    if (event.compaction()) {
      // A compaction queued by POST /v1/agents/{id}/summarize: no model step of the agent itself.
      compactor.compactNow(agent, event.runId());
      return new LoopEnd(StopReason.END_TURN, false);
    }
    List<StepRecord> journal = steps.byRun(event.runId());
    int maxSteps = event.maxSteps() <= 0 ? 50 : event.maxSteps();
    for (int index = 0; index < maxSteps; index++) {
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
        step = compactor.withRoom(agent, event.runId(), () -> callModel(agent, event.runId(), stepIndex));
      }
      Outcome outcome = runTools(agent, step, index == maxSteps - 1);
      long stepNs = System.nanoTime() - stepStart;
      if (outcome.continueLoop()) {
        runs.commitStep(step, outcome.messages(), true, null, outcome.toolNs(), stepNs);
      } else {
        runs.commitFinalStep(step, outcome.messages(), outcome.stopReason(), outcome.toolNs(), stepNs);
      }
      windows.append(agent.id(), outcome.messages());
      meters.timer("engram.step.duration").record(stepNs, TimeUnit.NANOSECONDS);
      if (!outcome.continueLoop()) {
        return new LoopEnd(outcome.stopReason(), true);
      }
    }
    return new LoopEnd(StopReason.MAX_STEPS, false);
  }

  private StepRecord callModel(AgentSnapshot agent, String runId, int index) {
    List<BlockView> blocks = blockCache.get(agent.id(), () -> memory.blocks(agent.id()));
    List<StoredMessage> context = windows.get(agent.id());
    StoredMessage system = context.stream().filter(m -> m.role() == StoredMessage.Role.SYSTEM).findFirst()
        .orElseThrow(() -> new IllegalStateException("Agent " + agent.id() + " has no system message"));
    String prompt = system.content();
    if (!PromptCompiler.isCurrent(prompt, agent.system(), blocks)) {
      long recall = Math.max(0, messages.count(agent.id()) - context.size());
      prompt = PromptCompiler.compile(agent.system(), agent.id(), blocks, recall, agent.timezone(), Instant.now());
      runs.updateSystemPrompt(system.id(), prompt);
      windows.rewrite(agent.id(), system.id(), prompt);
    }
    List<LlmMessage> request = new ArrayList<>();
    request.add(LlmMessage.system(prompt));
    for (StoredMessage m : context) {
      if (m.id().equals(system.id())) {
        continue;
      }
      request.add(PromptMessages.toLlm(m));
    }
    List<LlmTool> offered = agent.tools().stream().map(PromptMessages::toLlmTool).toList();
    var llmConfig = agent.llmConfig();
    long llmStart = System.nanoTime();
    LlmResponse response = llm.chat(new LlmRequest(llmConfig.handle(), request, offered, llmConfig.temperature(),
        llmConfig.maxTokens(), Boolean.TRUE.equals(llmConfig.parallelToolCalls())));
    long llmNs = System.nanoTime() - llmStart;
    meters.timer("engram.step.llm").record(llmNs, TimeUnit.NANOSECONDS);
    String stepId = Ids.newId(Ids.STEP);
    runs.journal(stepId, runId, agent.id(), index, llmConfig.handle(), response, llmNs);
    return new StepRecord(stepId, runId, agent.id(), index, "llm_done", llmConfig.handle(), response, null, null,
        llmNs, 0, 0);
  }

  private record Outcome(List<StoredMessage> messages, boolean continueLoop, StopReason stopReason, long toolNs) {
  }

  private Outcome runTools(AgentSnapshot agent, StepRecord step, boolean lastStep) {
    LlmResponse r = step.response();
    List<StoredMessage> out = new ArrayList<>();
    boolean hasText = r.text() != null && !r.text().isEmpty();
    if (hasText || !r.toolCalls().isEmpty() || (r.reasoning() != null && !r.reasoning().isEmpty())) {
      out.add(StoredMessage.draft(Ids.newId(Ids.MESSAGE), agent.id(), step.runId(), step.id(),
          StoredMessage.Role.ASSISTANT, r.text(), r.reasoning(), r.toolCalls(), null, null, null, null, null));
    }
    if (r.toolCalls().isEmpty()) {
      StopReason stop = "length".equals(r.finishReason()) ? StopReason.MAX_TOKENS_EXCEEDED : StopReason.END_TURN;
      return new Outcome(out, false, stop, 0);
    }
    long toolStart = System.nanoTime();
    for (LlmToolCall call : r.toolCalls()) {
      ToolExecutionResult result = tools.execute(agent, step.runId(), step.id(), call);
      out.add(StoredMessage.draft(Ids.newId(Ids.MESSAGE), agent.id(), step.runId(), step.id(), StoredMessage.Role.TOOL,
          result.toolReturn(), null, null, call.id(), call.name(), result.status(), null, null));
    }
    long toolNs = System.nanoTime() - toolStart;
    meters.timer("engram.step.tools").record(toolNs, TimeUnit.NANOSECONDS);
    // A tool call keeps the loop going so the model sees the result, unless this was the last allowed step.
    return lastStep ? new Outcome(out, false, StopReason.MAX_STEPS, toolNs) : new Outcome(out, true, null, toolNs);
  }
}
