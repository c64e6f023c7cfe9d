package dev.engram.steprunner.client;

import dev.engram.contracts.api.BlockView;
import java.util.List;

/**
 * What memory-service reports for an agent's prompt: its core memory blocks in prompt order, and the
 * size and tags of the archival memory it can search. (Its recall count is not asked for: step-runner
 * owns the messages and counts recall itself.)
 */
public record AgentMemory(long archivalCount, List<String> archivalTags, List<BlockView> blocks) {

  public AgentMemory {
    archivalTags = archivalTags == null ? List.of() : List.copyOf(archivalTags);
    blocks = blocks == null ? List.of() : List.copyOf(blocks);
  }
}
