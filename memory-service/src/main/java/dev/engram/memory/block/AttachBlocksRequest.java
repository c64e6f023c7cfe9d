package dev.engram.memory.block;

import dev.engram.contracts.api.BlockCreate;
import java.util.List;

/** Body of {@code POST /internal/agents/{agentId}/blocks}: blocks to create plus existing blocks to attach. */
public record AttachBlocksRequest(List<BlockCreate> blocks, List<String> blockIds) {
}
