package dev.engram.agentapi.client;

import dev.engram.contracts.api.BlockCreate;
import dev.engram.contracts.api.BlockUpdate;
import dev.engram.contracts.api.BlockView;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/** Resilient access to memory-service, owner of core memory blocks. */
@ApplicationScoped
public class MemoryClient {
  private static final String SERVICE = "memory-service";

  private final MemoryRestClient rest;
  private final MemoryBlocksRestClient blocks;

  MemoryClient(@RestClient MemoryRestClient rest, @RestClient MemoryBlocksRestClient blocks) {
    this.rest = rest;
    this.blocks = blocks;
  }

  /**
   * Creates {@code blocks} and attaches them and {@code blockIds} to a new agent. Not retried: a
   * retry after a lost answer would create the blocks twice.
   */
  @Timeout(value = 15, unit = ChronoUnit.SECONDS)
  public List<BlockView> attach(String agentId, List<BlockCreate> blocks, List<String> blockIds) {
    return Downstream.call(SERVICE, () -> rest.attach(agentId, new AttachBlocksRequest(blocks, blockIds)));
  }

  /** The agent's blocks in prompt order. */
  @Retry(maxRetries = 3, delay = 200, delayUnit = ChronoUnit.MILLIS, retryOn = DownstreamException.class)
  @Timeout(value = 10, unit = ChronoUnit.SECONDS)
  public List<BlockView> blocks(String agentId) {
    return Downstream.call(SERVICE, () -> rest.blocks(agentId));
  }

  /** One block by label; memory-service's 404 reaches the client. */
  @Retry(maxRetries = 3, delay = 200, delayUnit = ChronoUnit.MILLIS, retryOn = DownstreamException.class)
  @Timeout(value = 10, unit = ChronoUnit.SECONDS)
  public BlockView block(String agentId, String label) {
    return Downstream.call(SERVICE, () -> rest.block(agentId, label));
  }

  /** Updates a block; retrying is safe because the same patch gives the same block. */
  @Retry(maxRetries = 3, delay = 200, delayUnit = ChronoUnit.MILLIS, retryOn = DownstreamException.class)
  @Timeout(value = 10, unit = ChronoUnit.SECONDS)
  public BlockView update(String agentId, String label, BlockUpdate update) {
    return Downstream.call(SERVICE, () -> rest.update(agentId, label, update));
  }

  /** Attaches an existing block to the agent; idempotent, so retried. */
  @Retry(maxRetries = 3, delay = 200, delayUnit = ChronoUnit.MILLIS, retryOn = DownstreamException.class)
  @Timeout(value = 10, unit = ChronoUnit.SECONDS)
  public List<BlockView> attachExisting(String agentId, String blockId) {
    return Downstream.call(SERVICE, () -> rest.attachExisting(agentId, blockId));
  }

  /** Detaches a block from the agent (a retry after a lost answer gets memory-service's 404). */
  @Timeout(value = 10, unit = ChronoUnit.SECONDS)
  public List<BlockView> detach(String agentId, String blockId) {
    return Downstream.call(SERVICE, () -> rest.detach(agentId, blockId));
  }

  /** Ids of the agents a block is attached to. */
  @Retry(maxRetries = 3, delay = 200, delayUnit = ChronoUnit.MILLIS, retryOn = DownstreamException.class)
  @Timeout(value = 10, unit = ChronoUnit.SECONDS)
  public List<String> agentsOfBlock(String blockId) {
    return Downstream.call(SERVICE, () -> blocks.agentIds(blockId));
  }

  /** Ids of all agents an archive is attached to. */
  @Retry(maxRetries = 3, delay = 200, delayUnit = ChronoUnit.MILLIS, retryOn = DownstreamException.class)
  @Timeout(value = 10, unit = ChronoUnit.SECONDS)
  public List<String> agentsOfArchive(String archiveId) {
    return Downstream.call(SERVICE, () -> blocks.archiveAgentIds(archiveId));
  }

  /** Detaches every block from an agent that is being deleted (idempotent). */
  @Retry(maxRetries = 3, delay = 200, delayUnit = ChronoUnit.MILLIS, retryOn = DownstreamException.class)
  @Timeout(value = 10, unit = ChronoUnit.SECONDS)
  public void detachAll(String agentId) {
    Downstream.run(SERVICE, () -> rest.detachAll(agentId));
  }
}
