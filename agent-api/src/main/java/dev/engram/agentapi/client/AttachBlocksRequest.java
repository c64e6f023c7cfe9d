package dev.engram.agentapi.client;

import dev.engram.contracts.api.BlockCreate;
import java.util.List;

/** Blocks to create and existing block ids to attach to a new agent, in that order. */
public record AttachBlocksRequest(List<BlockCreate> blocks, List<String> blockIds) {
}
