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
}
