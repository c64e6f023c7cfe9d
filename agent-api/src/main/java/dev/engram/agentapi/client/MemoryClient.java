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

  /**
   * Gives a conversation its private copies of the agent's blocks with {@code labels}; answers the copies' block
   * ids in label order. Idempotent in memory-service (a repeated call keeps the same copies), so it is retried.
   */
  @Retry(maxRetries = 3, delay = 200, delayUnit = ChronoUnit.MILLIS, retryOn = DownstreamException.class)
  @Timeout(value = 10, unit = ChronoUnit.SECONDS)
  public List<String> isolate(String agentId, String conversationId, List<String> labels) {
    return blockIds(Downstream.call(SERVICE, () -> rest.isolate(agentId, conversationId,
        java.util.Map.of("labels", labels))));
  }

  /** The block ids of a conversation's private copies. */
  @Retry(maxRetries = 3, delay = 200, delayUnit = ChronoUnit.MILLIS, retryOn = DownstreamException.class)
  @Timeout(value = 10, unit = ChronoUnit.SECONDS)
  public List<String> isolatedBlockIds(String agentId, String conversationId) {
    return blockIds(Downstream.call(SERVICE, () -> rest.isolated(agentId, conversationId)));
  }

  /** Deletes a conversation's private copies (the conversation is going away). */
  @Retry(maxRetries = 3, delay = 200, delayUnit = ChronoUnit.MILLIS, retryOn = DownstreamException.class)
  @Timeout(value = 10, unit = ChronoUnit.SECONDS)
  public void dropIsolated(String agentId, String conversationId) {
    Downstream.run(SERVICE, () -> rest.dropIsolated(agentId, conversationId));
  }

  private static List<String> blockIds(com.fasterxml.jackson.databind.JsonNode copies) {
    List<String> ids = new java.util.ArrayList<>();
    copies.forEach(c -> ids.add(c.path("block_id").asText()));
    return ids;
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
