package dev.engram.steprunner.context;

import dev.engram.contracts.Ids;
import dev.engram.contracts.Json;
import dev.engram.contracts.StopReason;
import dev.engram.contracts.api.AgentSnapshot;
import dev.engram.contracts.api.CompactionSettings;
import dev.engram.contracts.events.ContextWindowOverflowed;
import dev.engram.contracts.events.ContextWindowOverflowed.TranscriptLine;
import dev.engram.platform.llm.LlmException;
import dev.engram.platform.llm.LlmTool;
import dev.engram.steprunner.StepRunnerConfig;
import dev.engram.steprunner.persistence.CompactionRepository;
import dev.engram.steprunner.persistence.CompactionRepository.Compaction;
import dev.engram.steprunner.loop.RunCancellation;
import dev.engram.steprunner.persistence.ConversationKey;
import dev.engram.steprunner.persistence.StoredMessage;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Keeps an agent's context window within its model's limit (Letta's compaction, letta-api.md §5.5).
 *
 * <p>Before every model call the request about to be sent is counted ({@link TokenCounter}); above
 * {@value #TRIGGER_RATIO} of the window the oldest messages are evicted. That count includes the previous
 * step's answer and tool returns, so it is Letta's "after a step whose tokens exceed 0.9 × the window" check,
 * done where it also covers the first step of the agent's next run. A provider's context-overflow error
 * compacts and retries the call, at most {@value #MAX_RETRIES} times.
 *
 * <p>A compaction picks the cut here (sliding window: keep the newest messages that fit the kept share of the
 * window, starting at an assistant message so a tool call is never split from its return; or everything),
 * records it with its {@code ContextWindowOverflowed} in one commit, waits for the summarizer's answer and
 * installs {@code [system, summary, kept...]}. A worker that crashed meanwhile resumes the recorded request.
 * A failed or late summary ends the run with a clear error; the window is then left as it was.
 */
@ApplicationScoped
public class Compactor {
  /** Share of the context window above which a compaction starts (Letta's SUMMARIZATION_TRIGGER_MULTIPLIER). */
  public static final double TRIGGER_RATIO = 0.9;
  /** Compactions after provider overflow errors before the run fails. */
  public static final int MAX_RETRIES = 3;

  private static final long POLL_MILLIS = 200;

  private final ContextWindows windows;
  private final CompactionRepository compactions;
  private final CompactionService service;
  private final SummaryWaiters waiters;
  private final SystemPrompts prompts;
  private final StepRunnerConfig config;
  private final MeterRegistry meters;

  Compactor(ContextWindows windows, CompactionRepository compactions, CompactionService service,
      SummaryWaiters waiters, SystemPrompts prompts,
      StepRunnerConfig config, MeterRegistry meters) {
    this.windows = windows;
    this.compactions = compactions;
    this.service = service;
    this.waiters = waiters;
    this.prompts = prompts;
    this.config = config;
    this.meters = meters;
  }

  /** What a compaction did. */
  public record Result(String summary, int messagesBefore, int messagesAfter) {
  }

  /**
   * Runs a model call with room for it: compacts when the request would pass the threshold, and compacts and
   * retries when the provider says it did not fit.
   */
  public <T> T withRoom(AgentSnapshot agent, ConversationKey conversation, RunCancellation run, Supplier<T> call) {
    String runId = run.runId();
    ensureRoom(agent, conversation, run);
    for (int attempt = 1; ; attempt++) {
      try {
        return call.get();
      } catch (LlmException e) {
        if (e.kind() != LlmException.Kind.CONTEXT_OVERFLOW || attempt > MAX_RETRIES) {
          throw e;
        }
        Log.infof("Model of agent %s reported a context overflow; compacting (attempt %d)", agent.id(), attempt);
        CompactionSettings settings = attempt == 1 ? settings(agent) : allMode(settings(agent));
        if (compact(agent, conversation, run, settings, "provider_overflow").isEmpty()) {
          throw e;
        }
      }
    }
  }

  /**
   * Finishes a compaction a crashed worker left open (its request is recorded; the answer may have come). Once
   * per run, before its first step: within a run every compaction is finished or fails the run. The store is asked
   * only when the window does not already know there is none ({@link ContextWindows#noOpenCompaction}).
   */
  public void resumeOpen(AgentSnapshot agent, ConversationKey conversation, RunCancellation run) {
    if (windows.noOpenCompaction(conversation)) {
      return;
    }
    Optional<Compaction> open = compactions.open(conversation);
    if (open.isEmpty()) {
      windows.markNoOpenCompaction(conversation, true);
      return;
    }
    Set<String> window = windows.get(conversation).stream().map(StoredMessage::id).collect(Collectors.toSet());
    Compaction c = open.get();
    if (!window.containsAll(c.evictedIds())
        || (c.previousSummaryId() != null && !window.contains(c.previousSummaryId()))) {
      // The window changed since the cut was chosen (a reset or autoclear while the run that asked was gone):
      // installing it now would bring back a summary of messages that already left. The next step compacts anew
      // if the window is still too full.
      Log.infof("Dropping compaction %s of %s: its window changed before the summary was installed", c.id(),
          conversation);
      compactions.abandon(c.id(), "The context window changed before the summary was installed.");
      return;
    }
    finish(agent, c, run);
  }

  /** A compaction asked for by the client ({@code POST /v1/agents/{id}/summarize}), whatever the fill. */
  public Result compactNow(AgentSnapshot agent, ConversationKey conversation, RunCancellation run) {
    resumeOpen(agent, conversation, run);
    return compact(agent, conversation, run, settings(agent), "manual").orElseThrow(() -> new ContextCompactionException(
        StopReason.ERROR, ContextCompactionException.NOTHING_TO_COMPACT,
        "Nothing to summarize: the context window holds no messages besides the system prompt."));
  }

  /** Tokens of the request the agent's next model call in the conversation would send. */
  public int requestTokens(AgentSnapshot agent, ConversationKey conversation) {
    TokenCounter counter = TokenCounter.forModel(agent.llmConfig());
    int returnCap = PromptMessages.returnCap(TokenCounter.contextWindow(agent.llmConfig()));
    return windows.messageTokens(conversation, counter, returnCap) + counter.countTools(tools(agent))
        + TokenCounter.PER_REQUEST;
  }

  private void ensureRoom(AgentSnapshot agent, ConversationKey conversation, RunCancellation run) {
    int window = TokenCounter.contextWindow(agent.llmConfig());
    if (requestTokens(agent, conversation) <= TRIGGER_RATIO * window) {
      return;
    }
    TokenCounter counter = TokenCounter.forModel(agent.llmConfig());
    List<StoredMessage> context = windows.get(conversation);
    int fixed = counter.countRequest(List.of(PromptMessages.toLlm(context.getFirst(), agent.llmConfig())), tools(agent));
    if (fixed > window) {
      throw new ContextCompactionException(StopReason.CONTEXT_WINDOW_OVERFLOW_IN_SYSTEM_PROMPT,
          ContextCompactionException.CONTEXT_WINDOW_EXCEEDED, "The system prompt and tool definitions alone take "
          + fixed + " tokens, more than the context window of " + window + " tokens.");
    }
    CompactionSettings settings = settings(agent);
    compact(agent, conversation, run, settings, "threshold");
    if (requestTokens(agent, conversation) > TRIGGER_RATIO * window && settings.slidingWindow()) {
      // Letta's fallback: what the sliding window kept is still too much, so summarize everything.
      compact(agent, conversation, run, allMode(settings), "threshold");
    }
    int after = requestTokens(agent, conversation);
    if (after > window) {
      throw new ContextCompactionException(StopReason.ERROR, ContextCompactionException.CONTEXT_WINDOW_EXCEEDED,
          "The context window still holds " + after + " tokens after compaction, more than its " + window
          + " tokens.");
    }
  }

  /** Compacts with {@code settings}; empty if there was nothing to evict. */
  private Optional<Result> compact(AgentSnapshot agent, ConversationKey conversation, RunCancellation run,
      CompactionSettings settings, String trigger) {
    String agentId = agent.id();
    String runId = run.runId();
    List<StoredMessage> context = windows.get(conversation);
    Optional<String> summaryId = compactions.summaryMessageId(conversation);
    StoredMessage previous = context.size() > 1 && summaryId.isPresent()
        && context.get(1).id().equals(summaryId.get()) ? context.get(1) : null;
    List<StoredMessage> messages = context.subList(previous == null ? 1 : 2, context.size());
    int pending = pendingInput(messages, runId);
    int cut = settings.slidingWindow() ? slidingCut(agent, messages, settings, pending) : pending;
    if (cut == 0) {
      return Optional.empty();
    }
    List<StoredMessage> evicted = messages.subList(0, cut);
    List<TranscriptLine> transcript = evicted.stream()
        .map(m -> new TranscriptLine(m.id(), m.role().name().toLowerCase(Locale.ROOT), transcriptText(m)))
        .toList();
    ContextWindowOverflowed event = new ContextWindowOverflowed(Ids.newId(Ids.EVENT), agentId, runId,
        agent.llmConfig().handle(), TokenCounter.contextWindow(agent.llmConfig()), trigger,
        previous == null ? null : unpack(previous.content()), transcript, Instant.now(), settings.effectiveMode(),
        settings.clipChars() == null ? CompactionSettings.DEFAULT_CLIP_CHARS : settings.clipChars(),
        settings.summaryModel(), settings.prompt());
    Timer.Sample sample = Timer.start(meters);
    CompletableFuture<Void> answer = waiters.register(event.eventId());
    windows.markNoOpenCompaction(conversation, false);
    service.request(event, conversation, settings.effectiveMode(), evicted.stream().map(StoredMessage::id).toList(),
        previous == null ? null : previous.id(), context.size());
    Log.infof("Compacting agent %s (%s, %s): %d of %d messages evicted", agentId, trigger, settings.effectiveMode(),
        cut, context.size());
    Result result = finish(agent, await(event.eventId(), answer, run), run);
    sample.stop(meters.timer("engram.compaction.duration"));
    meters.counter("engram.compactions", "trigger", trigger).increment();
    return Optional.of(result);
  }

  /**
   * Where the run's own input starts: the user messages of {@code runId} at the end of the window, which the
   * model has not answered yet. They are never summarized away before it has seen them.
   */
  private static int pendingInput(List<StoredMessage> conversation, String runId) {
    int from = conversation.size();
    while (from > 0 && conversation.get(from - 1).role() == StoredMessage.Role.USER && runId != null
        && runId.equals(conversation.get(from - 1).runId())) {
      from--;
    }
    return from;
  }

  /**
   * The first kept message of a sliding window: the earliest assistant message from which the rest fits the
   * kept share of the window. At least one message is evicted; with no usable cut everything before the run's
   * pending input ({@code limit}) is evicted.
   */
  private int slidingCut(AgentSnapshot agent, List<StoredMessage> conversation, CompactionSettings settings,
      int limit) {
    TokenCounter counter = TokenCounter.forModel(agent.llmConfig());
    double budget = settings.effectiveSlidingWindowPercentage() * TokenCounter.contextWindow(agent.llmConfig());
    int kept = 0;
    int cut = -1;
    int lastAssistant = -1;
    for (int i = conversation.size() - 1; i >= 1; i--) {
      kept += counter.count(PromptMessages.toLlm(conversation.get(i), agent.llmConfig()));
      StoredMessage.Role role = conversation.get(i).role();
      boolean assistant = role == StoredMessage.Role.ASSISTANT || role == StoredMessage.Role.APPROVAL;
      if (assistant && lastAssistant < 0) {
        lastAssistant = i;
      }
      if (kept > budget) {
        break;
      }
      if (assistant) {
        cut = i;
      }
    }
    if (cut > 0) {
      return cut;
    }
    // Not even the newest exchange fits the kept share: keep it anyway if that evicts something, else keep only
    // the pending input (the run's own user messages, which hold no assistant message to cut at).
    return lastAssistant > 0 ? lastAssistant : limit;
  }

  /**
   * Waits for the summarizer's answer to compaction {@code id}. A cancellation of the run stops the wait (the
   * request stays recorded: the agent's next run installs the answer once it has come).
   */
  private Compaction await(String id, CompletableFuture<Void> answer, RunCancellation run) {
    long deadline = System.nanoTime() + config.summaryTimeout().toNanos();
    CompletableFuture<Object> wakeUp = CompletableFuture.anyOf(answer, run.requested());
    try {
      while (true) {
        run.check();
        Compaction c = compactions.find(id).orElseThrow();
        if (!c.status().equals(CompactionRepository.REQUESTED)) {
          return c;
        }
        if (System.nanoTime() >= deadline) {
          String error = "The summarizer did not answer within " + config.summaryTimeout().toSeconds()
              + " s, so the full context window could not be compacted; try again when the summarizer is back.";
          if (service.timeOut(id, error)) {
            return compactions.find(id).orElseThrow();
          }
          continue;
        }
        try {
          // The answer may be consumed by another instance: the table is checked between wake-ups.
          wakeUp.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException notYet) {
          // Poll the table again.
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for the summary " + id, e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e);
    } finally {
      waiters.forget(id);
    }
  }

  /** Waits for (if needed) and installs a recorded compaction, or ends the run with its error. */
  private Result finish(AgentSnapshot agent, Compaction c, RunCancellation run) {
    if (c.status().equals(CompactionRepository.REQUESTED)) {
      c = await(c.id(), waiters.register(c.id()), run);
    }
    switch (c.status()) {
      case CompactionRepository.FAILED -> throw new ContextCompactionException(StopReason.ERROR,
          ContextCompactionException.SUMMARIZATION_FAILED, "The context window is full and summarizing it failed: "
          + c.error());
      case CompactionRepository.TIMED_OUT -> throw new ContextCompactionException(StopReason.ERROR,
          ContextCompactionException.SUMMARIZATION_TIMEOUT, c.error());
      case CompactionRepository.INSTALLED -> {
        return new Result(c.summary(), c.messagesBefore(), c.messagesAfter() == null ? 0 : c.messagesAfter());
      }
      default -> {
        return install(agent, c);
      }
    }
  }

  private Result install(AgentSnapshot agent, Compaction c) {
    String agentId = agent.id();
    ConversationKey conversation = c.conversation();
    List<StoredMessage> context = windows.get(conversation);
    StoredMessage system = context.getFirst();
    int removed = c.evictedIds().size() + (c.previousSummaryId() == null ? 0 : 1);
    int after = context.size() - removed + 1;
    StoredMessage summary = StoredMessage.draft(Ids.newId(Ids.MESSAGE), agentId, c.runId(), null,
        StoredMessage.Role.USER, pack(c.summary(), c.evictedIds().size(), agent.timezone()), null, null, null, null,
        null, null, null);
    // The summary joins both the history and the window; the evicted messages move to recall.
    long recall = windows.recallCount(conversation) + removed;
    String prompt = PromptCompiler.compile(prompts.inputs(agent, conversation).withRecallCount(recall),
        Instant.now());
    service.install(c, summary, system.id(), prompt, after);
    windows.invalidate(conversation);
    return new Result(c.summary(), c.messagesBefore(), after);
  }

  /** The summary message's content: a JSON system alert, as Letta packs it. */
  static String pack(String summary, int evictedCount, String timezone) {
    Map<String, Object> alert = new LinkedHashMap<>();
    alert.put("type", "system_alert");
    alert.put("message", "Note: " + evictedCount + " earlier messages were moved out of your context window to "
        + "make room. They are still stored in recall memory, where conversation_search finds them. "
        + "Summary of what they contained:\n" + summary);
    alert.put("time", PromptCompiler.stamp(Instant.now(), timezone));
    return Json.write(alert);
  }

  /** The summary text inside a packed summary message (the whole content if it is not one). */
  static String unpack(String content) {
    try {
      String message = Json.MAPPER.readTree(content).path("message").asText("");
      int start = message.indexOf(":\n");
      return start < 0 ? content : message.substring(start + 2);
    } catch (com.fasterxml.jackson.core.JsonProcessingException | RuntimeException e) {
      return content;
    }
  }

  /** The text of a message the summarizer reads: its content, tool calls and tool return. */
  private static String transcriptText(StoredMessage m) {
    StringBuilder text = new StringBuilder(m.content() == null ? "" : m.content());
    m.toolCalls().forEach(call -> text.append(text.isEmpty() ? "" : "\n").append("Called ").append(call.name())
        .append('(').append(call.arguments()).append(')'));
    return text.toString();
  }

  private static List<LlmTool> tools(AgentSnapshot agent) {
    return agent.tools().stream().map(PromptMessages::toLlmTool).toList();
  }

  private static CompactionSettings settings(AgentSnapshot agent) {
    return agent.compactionSettings() == null ? CompactionSettings.defaults() : agent.compactionSettings();
  }

  private static CompactionSettings allMode(CompactionSettings s) {
    return new CompactionSettings(s.model(), s.modelSettings(), s.prompt(), s.promptAcknowledgement(), s.clipChars(),
        CompactionSettings.ALL, s.slidingWindowPercentage());
  }

}
