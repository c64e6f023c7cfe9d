package dev.engram.steprunner.client;

import dev.engram.contracts.api.ToolExecutionRequest;
import dev.engram.contracts.api.ToolExecutionResult;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** memory-service's internal API as step-runner uses it. */
@Path("/internal")
@RegisterRestClient(configKey = "memory-service")
public interface MemoryRestClient {

  @GET
  @Path("/agents/{agentId}/memory-metadata")
  AgentMemory memoryMetadata(@PathParam("agentId") String agentId, @QueryParam("recall_count") boolean recallCount,
      @QueryParam("conversation_id") String conversationId);

  @POST
  @Path("/tools/execute")
  ToolExecutionResult execute(ToolExecutionRequest request);
}
