package dev.engram.memory.block;

import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** Internal: which agents a block is attached to (agent-api turns the ids into agent states). */
@Path("/internal/blocks/{blockId}/agents")
@Produces(MediaType.APPLICATION_JSON)
@RunOnVirtualThread
public class BlockAgentsResource {
  private final BlockService blocks;

  BlockAgentsResource(BlockService blocks) {
    this.blocks = blocks;
  }

  /** Ids of the agents the block is attached to. */
  @GET
  public List<String> agents(@PathParam("blockId") String blockId) {
    return blocks.agentIds(BlockIds.check(blockId));
  }
}
