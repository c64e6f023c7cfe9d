package dev.engram.steprunner.tool;

import dev.engram.contracts.Ids;
import dev.engram.contracts.api.AgentSnapshot;
import dev.engram.contracts.api.ToolDefinition;
import dev.engram.contracts.api.ToolExecutionRequest;
import dev.engram.contracts.api.ToolExecutionResult;
import dev.engram.contracts.events.ToolCallRequested;
import dev.engram.platform.llm.LlmToolCall;
import dev.engram.steprunner.StepRunnerConfig;
import dev.engram.steprunner.client.MemoryClient;
import dev.engram.steprunner.context.BlockCache;
import dev.engram.steprunner.context.PromptMessages;
import dev.engram.steprunner.loop.AgentLoops;
import dev.engram.steprunner.loop.RunCancellations;
import dev.engram.steprunner.loop.RunService;
import dev.engram.steprunner.persistence.ConversationKey;
import dev.engram.steprunner.persistence.ToolResultRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Executes one tool call of a step: memory tools in memory-service (REST), every other tool in
 * tool-executor (Kafka). Both are idempotent by the key {@code stepId/toolCallId}, so a step
 * resumed after a crash never applies a tool twice.
 */
@ApplicationScoped
public class ToolDispatcher {
  /** Tools whose state lives in memory-service. */
  public static final Set<String> MEMORY_TOOLS = Set.of("memory_replace", "memory_insert", "memory_rethink",
      "memory_finish_edits", "core_memory_append", "core_memory_replace", "memory", "memory_apply_patch",
      "conversation_search", "archival_memory_insert", "archival_memory_search");

  /** Memory-service tools that change nothing the prompt shows (blocks, archival count and tags), so the cache stays. */
  private static final Set<String> READ_ONLY_MEMORY_TOOLS = Set.of("conversation_search", "memory_finish_edits",
      "archival_memory_search");

  /** Tools whose returns are not cut to return_char_limit. */
  private static final Set<String> UNTRUNCATED = Set.of("conversation_search", "archival_memory_search");

  private static final String SEND_MESSAGE = AgentLoops.SEND_MESSAGE;

  private static final long RESULT_POLL_MILLIS = 200;

  private final MemoryClient memory;
  private final RunService runs;
  private final ToolResultRepository results;
  private final ToolResultWaiters waiters;
  private final StepRunnerConfig config;
  private final BlockCache blockCache;
  private final RunCancellations cancellations;

  ToolDispatcher(MemoryClient memory, RunService runs, ToolResultRepository results, ToolResultWaiters waiters,
      StepRunnerConfig config, BlockCache blockCache, RunCancellations cancellations) {
    this.cancellations = cancellations;
    this.blockCache = blockCache;
    this.memory = memory;
    this.runs = runs;
    this.results = results;
    this.waiters = waiters;
    this.config = config;
  }

  /**
   * Runs a call of {@code agent} and returns what the agent will read; never throws for a tool's own failure.
   * Memory tools get the agent's timezone (naive dates), embedding handle (a default archive they create) and the
   * run's conversation (whose private block copies they edit instead of the agent's blocks).
   */
  public ToolExecutionResult execute(AgentSnapshot agent, ConversationKey conversation, String runId, String stepId,
      LlmToolCall call) {
    String agentId = agent.id();
    List<ToolDefinition> tools = agent.tools();
    Optional<ToolDefinition> tool = tools.stream().filter(t -> t.name().equals(call.name())).findFirst();
    if (tool.isEmpty()) {
      return ToolExecutionResult.error("[ToolConstraintError] Cannot call " + call.name() + ", valid tools include: "
          + tools.stream().map(ToolDefinition::name).toList() + ".");
    }
    if (SEND_MESSAGE.equals(call.name()) && !ToolDefinition.CUSTOM.equals(tool.get().toolType())) {
      // Letta's legacy reply tool does nothing but deliver its text, which the message itself carries.
      return truncate(sendMessage(call), tool.get().returnCharLimit());
    }
    String key = stepId + "/" + call.id();
    ToolExecutionResult result = MEMORY_TOOLS.contains(call.name())
        ? executeMemoryTool(agentId, agent.timezone(), agent.embedding(), conversation, runId, stepId, key, call)
        : executeRemote(agentId, runId, stepId, key, call, tool.get());
    // Search results are never cut (Letta): the model asked for them and limits them with its own arguments.
    return UNTRUNCATED.contains(call.name()) ? result : truncate(result, tool.get().returnCharLimit());
  }

  private static ToolExecutionResult sendMessage(LlmToolCall call) {
    String text = AgentLoops.sendMessageText(call.arguments());
    return text == null ? ToolExecutionResult.error("send_message needs a string argument 'message'.")
        : ToolExecutionResult.success(AgentLoops.SENT);
  }

  private ToolExecutionResult executeMemoryTool(String agentId, String timezone, String embedding,
      ConversationKey conversation, String runId, String stepId, String key, LlmToolCall call) {
    if (!READ_ONLY_MEMORY_TOOLS.contains(call.name())) {
      // The tool may change a block (a shared one seen by every conversation): the next step must read memory-service
      // again.
      blockCache.invalidate(agentId);
    }
    try {
      return memory.execute(new ToolExecutionRequest(agentId, runId, stepId, call.id(), key, call.name(),
          call.arguments(), timezone, embedding, conversation.isDefault() ? null : conversation.conversationId()));
    } catch (WebApplicationException e) {
      return ToolExecutionResult.error("Error executing " + call.name() + ": memory-service answered HTTP "
          + e.getResponse().getStatus());
    }
  }

  private ToolExecutionResult executeRemote(String agentId, String runId, String stepId, String key,
      LlmToolCall call, ToolDefinition tool) {
    Optional<ToolExecutionResult> recorded = results.find(key);
    if (recorded.isPresent()) {
      return recorded.get();
    }
    if (cancellations.cancelled(runId)) {
      return ToolExecutionResult.error("Tool " + call.name() + " was not run: the run was cancelled.");
    }
    CompletableFuture<ToolExecutionResult> arrival = waiters.register(key);
    try {
      runs.requestTool(new ToolCallRequested(Ids.newId(Ids.EVENT), agentId, runId, stepId, call.id(), key, tool,
          call.arguments(), Instant.now()));
      long deadline = System.nanoTime() + config.toolTimeout().toNanos();
      while (System.nanoTime() < deadline) {
        try {
          return arrival.get(RESULT_POLL_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException notYet) {
          // The result may have been consumed by another instance: it is in the shared table then.
          recorded = results.find(key);
          if (recorded.isPresent()) {
            return recorded.get();
          }
          if (cancellations.cancelled(runId)) {
            // The call is committed with this return, so the context never holds it without one.
            return ToolExecutionResult.error("Tool " + call.name() + " was cancelled with its run before it answered.");
          }
        }
      }
      return ToolExecutionResult.error("Tool " + call.name() + " did not answer within " + config.toolTimeout());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for tool " + call.name(), e);
    } catch (java.util.concurrent.ExecutionException e) {
      return ToolExecutionResult.error("Tool " + call.name() + " failed: " + e.getCause().getMessage());
    } finally {
      waiters.forget(key);
    }
  }

  private ToolExecutionResult truncate(ToolExecutionResult result, Integer limit) {
    String text = result.toolReturn();
    String cut = PromptMessages.cut(text, limit == null ? config.defaultReturnCharLimit() : limit);
    return cut == text ? result : new ToolExecutionResult(result.status(), cut, result.stdout(), result.stderr());
  }
}
