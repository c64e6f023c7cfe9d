package dev.engram.steprunner.context;

import dev.engram.contracts.api.AgentSnapshot;
import dev.engram.steprunner.client.AgentMemory;
import dev.engram.steprunner.client.MemoryClient;
import dev.engram.steprunner.persistence.ConversationKey;
import dev.engram.steprunner.persistence.MessageRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;

/**
 * Gathers what an agent's system prompt shows (its instructions and type from the snapshot, memory
 * from memory-service through {@link BlockCache}, recall figures from {@link ContextWindows}) and
 * compiles it with {@link PromptCompiler}.
 */
@ApplicationScoped
public class SystemPrompts {
  private final BlockCache cache;
  private final MemoryClient memory;
  private final ContextWindows windows;
  private final MessageRepository messages;

  SystemPrompts(BlockCache cache, MemoryClient memory, ContextWindows windows, MessageRepository messages) {
    this.messages = messages;
    this.cache = cache;
    this.memory = memory;
    this.windows = windows;
  }

  /** The agent's memory as the conversation's prompt shows it (cached; see {@link BlockCache}). */
  public AgentMemory memory(ConversationKey conversation) {
    return cache.get(conversation, () -> memory.memory(conversation.agentId(), conversation.conversationId()));
  }

  /** The inputs of the prompt of one of the agent's conversations as of now. */
  public PromptCompiler.Inputs inputs(AgentSnapshot agent, ConversationKey conversation) {
    return inputs(agent, conversation, windows.recallCount(conversation));
  }

  private PromptCompiler.Inputs inputs(AgentSnapshot agent, ConversationKey conversation, long recallCount) {
    AgentMemory m = memory(conversation);
    String handle = agent.llmConfig() == null ? null : agent.llmConfig().handle();
    return new PromptCompiler.Inputs(agent.system(), agent.agentType(), handle, agent.id(),
        conversation.conversationId(), m.blocks(), ToolRulePrompts.section(agent.rules()),
        recallCount, m.archivalCount(), m.archivalTags(), agent.timezone());
  }

  /** The prompt to store instead of {@code stored}, or empty when it is current. */
  public Optional<String> refresh(AgentSnapshot agent, ConversationKey conversation, String stored) {
    return PromptCompiler.refresh(stored, inputs(agent, conversation), Instant.now());
  }

  /**
   * As {@link #recompile}, for a caller that does not hold the agent's lease (a request thread): the recall count
   * is read from the store, so the worker's cached window is neither read nor filled from outside the worker
   * (a window loaded here could miss a run the worker is committing).
   */
  public String preview(AgentSnapshot agent, ConversationKey conversation, String stored, boolean updateTimestamp) {
    long recall = Math.max(0, messages.count(conversation) - messages.inContextIds(conversation).size());
    return PromptCompiler.recompile(stored, inputs(agent, conversation, recall), updateTimestamp, Instant.now());
  }

  /** The prompt compiled from fresh inputs; the "last recompiled" time of {@code stored} is kept unless asked. */
  public String recompile(AgentSnapshot agent, ConversationKey conversation, String stored,
      boolean updateTimestamp) {
    return PromptCompiler.recompile(stored, inputs(agent, conversation), updateTimestamp, Instant.now());
  }
}
