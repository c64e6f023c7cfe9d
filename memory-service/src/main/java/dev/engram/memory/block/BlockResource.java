package dev.engram.memory.block;

import dev.engram.contracts.api.BlockUpdate;
import dev.engram.contracts.api.BlockView;
import dev.engram.platform.rest.ApiException;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** Internal API over an agent's core memory blocks, used by agent-api and step-runner. */
@Path("/internal/agents/{agentId}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RunOnVirtualThread
public class BlockResource {
  private final BlockService blocks;
  private final ConversationBlocks conversations;

  BlockResource(BlockService blocks, ConversationBlocks conversations) {
    this.blocks = blocks;
    this.conversations = conversations;
  }

  /** Creates and attaches blocks; returns the agent's blocks in attach order. */
  @POST
  @Path("/blocks{slash: /?}")
  public List<BlockView> attach(@PathParam("agentId") String agentId, AttachBlocksRequest request) {
    if (request == null) {
      throw ApiException.unprocessable("Request body is required");
    }
    return blocks.attach(agentId, request);
  }

  /** The agent's blocks in attach order. */
  @GET
  @Path("/blocks{slash: /?}")
  public List<BlockView> list(@PathParam("agentId") String agentId) {
    return blocks.list(agentId);
  }

  /** One block by label. */
  @GET
  @Path("/blocks/{label}")
  public BlockView get(@PathParam("agentId") String agentId, @PathParam("label") String label) {
    return blocks.get(agentId, label);
  }

  /** Updates the fields present in the body. */
  @PATCH
  @Path("/blocks/{label}")
  public BlockView update(@PathParam("agentId") String agentId, @PathParam("label") String label,
      BlockUpdate update) {
    return blocks.update(agentId, label, update);
  }

  /** Attaches an existing block (idempotent); returns the agent's blocks. */
  @PATCH
  @Path("/blocks/attach/{blockId}")
  public List<BlockView> attachExisting(@PathParam("agentId") String agentId, @PathParam("blockId") String blockId) {
    return blocks.attachExisting(agentId, BlockIds.check(blockId));
  }

  /** Detaches a block; returns the agent's remaining blocks. */
  @PATCH
  @Path("/blocks/detach/{blockId}")
  public List<BlockView> detach(@PathParam("agentId") String agentId, @PathParam("blockId") String blockId) {
    return blocks.detach(agentId, BlockIds.check(blockId));
  }

  /** The agent was deleted: detach its blocks and delete its conversations' private copies. */
  @DELETE
  public void delete(@PathParam("agentId") String agentId) {
    conversations.deleteAgent(agentId);
  }
}
