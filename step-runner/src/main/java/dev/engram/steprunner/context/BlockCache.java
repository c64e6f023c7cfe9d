package dev.engram.steprunner.context;

import dev.engram.steprunner.client.AgentMemory;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Agents' memory as last read from memory-service (blocks, archival count and tags), so an ordinary
 * step costs no call. An entry is dropped when this instance runs a memory-changing tool for the agent
 * (the edit is visible to the very next step) and when memory-service announces a block change.
 */
@ApplicationScoped
public class BlockCache {
  private final Map<String, AgentMemory> memory = new ConcurrentHashMap<>();

  /** The agent's memory, loaded on a miss. */
  public AgentMemory get(String agentId, Supplier<AgentMemory> loader) {
    AgentMemory cached = memory.get(agentId);
    if (cached != null) {
      return cached;
    }
    AgentMemory loaded = loader.get();
    memory.put(agentId, loaded);
    return loaded;
  }

  /** Forgets an agent's memory. */
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
