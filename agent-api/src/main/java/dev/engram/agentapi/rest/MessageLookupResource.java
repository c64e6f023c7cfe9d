package dev.engram.agentapi.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.agentapi.client.MessageLookupClient;
import dev.engram.contracts.Ids;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code GET /v1/messages/{id}}: the LettaMessages of one stored message (an array, last part first), from
 * step-runner. The path excludes {@code search}, which {@code POST /v1/messages/search} serves.
 */
@Path("/v1/messages/{messageId: (?!search$)[^/]+}")
@Produces(MediaType.APPLICATION_JSON)
@RunOnVirtualThread
public class MessageLookupResource {
  private final MessageLookupClient lookups;

  MessageLookupResource(MessageLookupClient lookups) {
    this.lookups = lookups;
  }

  @GET
  public JsonNode get(@PathParam("messageId") String messageId) {
    return lookups.message(Params.id(Ids.MESSAGE, messageId));
  }
}
