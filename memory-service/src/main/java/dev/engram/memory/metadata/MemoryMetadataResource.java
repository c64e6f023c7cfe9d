package dev.engram.memory.metadata;

import dev.engram.contracts.api.BlockView;
import dev.engram.memory.block.BlockService;
import dev.engram.memory.recall.RecallService;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
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
  private final BlockService blocks;

  MemoryMetadataResource(RecallService recall, BlockService blocks) {
    this.recall = recall;
    this.blocks = blocks;
  }

  /**
   * Body of the endpoint. {@code archivalCount} and {@code archivalTags} are always 0 and empty here: the
   * archival-memory branch fills them (passages of the agent's archives and their distinct tags) once merged.
   */
  public record MemoryMetadata(long recallCount, long archivalCount, List<String> archivalTags,
      List<BlockView> blocks) {
  }

  /** The agent's memory metadata (zeros and no blocks for an unknown agent). */
  @GET
  public MemoryMetadata get(@PathParam("agentId") String agentId) {
    return new MemoryMetadata(recall.count(agentId), 0, List.of(), blocks.list(agentId));
  }
}
