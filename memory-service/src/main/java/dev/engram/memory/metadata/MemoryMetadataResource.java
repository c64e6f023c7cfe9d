package dev.engram.memory.metadata;

import dev.engram.contracts.api.BlockView;
import dev.engram.memory.archival.ArchivalService;
import dev.engram.memory.block.ConversationBlocks;
import dev.engram.memory.recall.RecallService;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * What step-runner's prompt compiler needs of an agent's memory in one call: the recall count, the
 * archival count and tags, and the blocks. One query per piece.
 */
@Path("/internal/agents/{agentId}/memory-metadata")
@Produces(MediaType.APPLICATION_JSON)
@RunOnVirtualThread
public class MemoryMetadataResource {
  private final RecallService recall;
  private final ConversationBlocks blocks;
  private final ArchivalService archival;

  MemoryMetadataResource(RecallService recall, ConversationBlocks blocks, ArchivalService archival) {
    this.recall = recall;
    this.blocks = blocks;
    this.archival = archival;
  }

  /** Body of the endpoint: archival figures cover every archive attached to the agent. */
  public record MemoryMetadata(long recallCount, long archivalCount, List<String> archivalTags,
      List<BlockView> blocks) {
  }

  /**
   * The agent's memory metadata (zeros and no blocks for an unknown agent). {@code recall_count=false}
   * skips counting the recall index (a scan of the agent's messages), for a caller with its own count; the
   * figure is then -1. {@code conversation_id} (a {@code conv-…} id) shows that conversation's private copies in
   * place of the agent's blocks with their labels; without it, or {@code default}, the agent's blocks.
   */
  @GET
  public MemoryMetadata get(@PathParam("agentId") String agentId,
      @QueryParam("recall_count") @DefaultValue("true") boolean withRecallCount,
      @QueryParam("conversation_id") String conversationId) {
    ArchivalService.AgentArchivalStats stats = archival.stats(agentId);
    return new MemoryMetadata(withRecallCount ? recall.count(agentId) : -1, stats.count(), stats.tags(),
        blocks.view(agentId, conversationId));
  }
}
