package dev.engram.agentapi.rest;

import dev.engram.agentapi.stream.ResumeRequest;
import dev.engram.agentapi.stream.StreamService;
import dev.engram.contracts.Ids;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

/** {@code POST /v1/runs/{run_id}/stream}: resumes a background run's stream from its durable log (ADR 0008). */
@Path("/v1/runs/{runId}/stream")
public class RunStreamResource {
  private final StreamService streams;

  RunStreamResource(StreamService streams) {
    this.streams = streams;
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.SERVER_SENT_EVENTS)
  @Blocking
  public Multi<OutboundSseEvent> resume(@PathParam("runId") String runId, ResumeRequest body, @Context Sse sse) {
    Params.id(Ids.RUN, runId);
    return AgentMessageStreamResource.events(streams.resume(runId, body), sse);
  }
}
