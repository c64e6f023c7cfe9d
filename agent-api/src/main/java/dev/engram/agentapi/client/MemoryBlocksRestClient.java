package dev.engram.agentapi.client;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.List;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** memory-service's internal API over blocks and archives regardless of agent. */
@Path("/internal")
@RegisterRestClient(configKey = "memory-service")
public interface MemoryBlocksRestClient {

  @GET
  @Path("/blocks/{blockId}/agents")
  List<String> agentIds(@PathParam("blockId") String blockId);

  @GET
  @Path("/archival/archives/{archiveId}/agents")
  List<String> archiveAgentIds(@PathParam("archiveId") String archiveId);
}
