package dev.engram.memory.recall;

import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Internal read API over an agent's recall index. */
@Path("/internal/agents/{agentId}/recall")
@Produces(MediaType.APPLICATION_JSON)
@RunOnVirtualThread
public class RecallResource {
  private final RecallService recall;

  RecallResource(RecallService recall) {
    this.recall = recall;
  }

  /** Body of the count endpoint. */
  public record RecallCount(long count) {
  }

  /** How many messages are indexed for the agent. */
  @GET
  @Path("/count")
  public RecallCount count(@PathParam("agentId") String agentId) {
    return new RecallCount(recall.count(agentId));
  }
}
