package dev.engram.steprunner.context;

import dev.engram.contracts.api.BlockView;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Agents' core memory blocks as last read from memory-service, so an ordinary step costs no call.
 * An entry is dropped when this instance runs a memory tool for the agent (the edit is visible to
 * the very next step) and when memory-service announces a change ({@code BlockUpdated}).
 */
@ApplicationScoped
public class BlockCache {
  private final Map<String, List<BlockView>> blocks = new ConcurrentHashMap<>();

  /** The agent's blocks, loaded on a miss. */
  public List<BlockView> get(String agentId, Supplier<List<BlockView>> loader) {
    List<BlockView> cached = blocks.get(agentId);
    if (cached != null) {
      return cached;
    }
    List<BlockView> loaded = List.copyOf(loader.get());
    blocks.put(agentId, loaded);
    return loaded;
  }

  /** Forgets an agent's blocks. */
  public void invalidate(String agentId) {
    blocks.remove(agentId);
  }

  /** Forgets the blocks of several agents. */
  public void invalidate(Collection<String> agentIds) {
    if (agentIds != null) {
      agentIds.forEach(blocks::remove);
    }
  }
}
