package dev.engram.steprunner.client;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.List;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** memory-service's counts of an agent's recall and archival memory, for the context window overview. */
@Path("/internal/agents/{agentId}/memory-metadata")
@RegisterRestClient(configKey = "memory-service")
public interface MemoryMetadataRestClient {

  /** The part of memory-service's answer the overview reads. */
  record Counts(long recallCount, long archivalCount, List<String> archivalTags) {
  }

  @GET
  Counts get(@PathParam("agentId") String agentId);
}
