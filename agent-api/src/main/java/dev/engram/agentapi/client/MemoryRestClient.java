package dev.engram.agentapi.client;

import dev.engram.contracts.api.BlockUpdate;
import dev.engram.contracts.api.BlockView;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.List;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** memory-service's internal API for an agent's core memory blocks. */
@Path("/internal/agents/{agentId}")
@RegisterRestClient(configKey = "memory-service")
public interface MemoryRestClient {

  @POST
  @Path("/blocks")
  List<BlockView> attach(@PathParam("agentId") String agentId, AttachBlocksRequest request);

  @GET
  @Path("/blocks")
  List<BlockView> blocks(@PathParam("agentId") String agentId);

  @GET
  @Path("/blocks/{label}")
  BlockView block(@PathParam("agentId") String agentId, @PathParam("label") String label);

  @PATCH
  @Path("/blocks/{label}")
  BlockView update(@PathParam("agentId") String agentId, @PathParam("label") String label, BlockUpdate update);

  @PATCH
  @Path("/blocks/attach/{blockId}")
  List<BlockView> attachExisting(@PathParam("agentId") String agentId, @PathParam("blockId") String blockId);

  @PATCH
  @Path("/blocks/detach/{blockId}")
  List<BlockView> detach(@PathParam("agentId") String agentId, @PathParam("blockId") String blockId);

  @DELETE
  void detachAll(@PathParam("agentId") String agentId);

  /** Makes (or keeps) the conversation's private copies of the agent's blocks with these labels. */
  @jakarta.ws.rs.PUT
  @Path("/conversations/{conversationId}/isolated-blocks")
  com.fasterxml.jackson.databind.JsonNode isolate(@PathParam("agentId") String agentId,
      @PathParam("conversationId") String conversationId, java.util.Map<String, List<String>> body);

  /** The conversation's private block copies: {@code [{label, block_id}]}. */
  @GET
  @Path("/conversations/{conversationId}/isolated-blocks")
  com.fasterxml.jackson.databind.JsonNode isolated(@PathParam("agentId") String agentId,
      @PathParam("conversationId") String conversationId);

  /** Deletes the conversation's private block copies. */
  @DELETE
  @Path("/conversations/{conversationId}/isolated-blocks")
  void dropIsolated(@PathParam("agentId") String agentId, @PathParam("conversationId") String conversationId);
}
