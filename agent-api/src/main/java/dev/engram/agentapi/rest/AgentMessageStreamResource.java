package dev.engram.agentapi.rest;

import dev.engram.agentapi.message.SendMessageRequest;
import dev.engram.agentapi.stream.SseFrame;
import dev.engram.agentapi.stream.StreamService;
import dev.engram.contracts.Ids;
import dev.engram.platform.rest.ApiException;
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

/** {@code POST /v1/agents/{id}/messages/stream}: a send answered as a server-sent event stream (ADR 0008). */
@Path("/v1/agents/{agentId}/messages/stream")
public class AgentMessageStreamResource {
  private final StreamService streams;

  AgentMessageStreamResource(StreamService streams) {
    this.streams = streams;
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.SERVER_SENT_EVENTS)
  @Blocking
  public Multi<OutboundSseEvent> stream(@PathParam("agentId") String agentId, SendMessageRequest body,
      @Context Sse sse) {
    Params.id(Ids.AGENT, agentId);
    if (body == null) {
      throw ApiException.unprocessable("body: Field required");
    }
    return events(streams.send(agentId, body), sse);
  }

  /** The frames as JAX-RS events: data only, named only for the error event. */
  static Multi<OutboundSseEvent> events(Multi<SseFrame> frames, Sse sse) {
    return frames.map(frame -> {
      OutboundSseEvent.Builder event = sse.newEventBuilder().data(frame.data());
      if (frame.event() != null) {
        event.name(frame.event());
      }
      return event.build();
    });
  }
}
