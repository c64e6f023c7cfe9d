package dev.engram.steprunner.context;

import dev.engram.steprunner.client.AgentMemory;
import dev.engram.steprunner.persistence.ConversationKey;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Agents' memory as last read from memory-service (blocks, archival count and tags), per conversation (a
 * conversation with private block copies sees them instead of the agent's blocks), so an ordinary step costs no
 * call. All of an agent's entries are dropped when this instance runs a memory-changing tool for the agent (the edit
 * is visible to the very next step) and when memory-service announces a change of a block the agent sees (its own,
 * or a private copy of one of its conversations).
 */
@ApplicationScoped
public class BlockCache {
  private final Map<String, Map<String, AgentMemory>> memory = new ConcurrentHashMap<>();

  /** The conversation's view of the agent's memory, loaded on a miss. */
  public AgentMemory get(ConversationKey conversation, Supplier<AgentMemory> loader) {
    Map<String, AgentMemory> agent = memory.computeIfAbsent(conversation.agentId(), id -> new ConcurrentHashMap<>());
    AgentMemory cached = agent.get(conversation.conversationId());
    if (cached != null) {
      return cached;
    }
    AgentMemory loaded = loader.get();
    agent.put(conversation.conversationId(), loaded);
    return loaded;
  }

  /** Forgets an agent's memory in all its conversations. */
  public void invalidate(String agentId) {
    memory.remove(agentId);
  }

  /** Forgets the memory of several agents. */
  public void invalidate(Collection<String> agentIds) {
    if (agentIds != null) {
      agentIds.forEach(memory::remove);
    }
  }
}
