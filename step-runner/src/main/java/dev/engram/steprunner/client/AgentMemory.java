package dev.engram.steprunner.client;

import dev.engram.contracts.api.BlockView;
import java.util.List;

/**
 * What memory-service reports for an agent's prompt: its core memory blocks in prompt order, and the
 * size and tags of the archival memory it can search. ({@code recallCount} is not asked for, -1: the prompt
 * uses step-runner's own exact figure.)
 */
public record AgentMemory(long recallCount, long archivalCount, List<String> archivalTags, List<BlockView> blocks) {

  public AgentMemory {
    archivalTags = archivalTags == null ? List.of() : List.copyOf(archivalTags);
    blocks = blocks == null ? List.of() : List.copyOf(blocks);
  }
}
