package dev.engram.steprunner.rest;

import dev.engram.contracts.message.LettaMessage;
import dev.engram.platform.rest.ApiException;
import dev.engram.steprunner.message.LettaMessages;
import dev.engram.steprunner.persistence.MessageRepository;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One stored message as Letta's {@code GET /v1/messages/{id}} answers it: the LettaMessages it yields, last part
 * first (Letta lists a message's parts in reverse).
 */
@Path("/internal/messages/{messageId}")
@Produces(MediaType.APPLICATION_JSON)
@RunOnVirtualThread
public class MessageLookupResource {
  private final MessageRepository messages;

  MessageLookupResource(MessageRepository messages) {
    this.messages = messages;
  }

  @GET
  public List<LettaMessage> get(@PathParam("messageId") String messageId) {
    List<LettaMessage> parts = new ArrayList<>(LettaMessages.of(messages.find(messageId)
        .orElseThrow(() -> ApiException.notFound("Message " + messageId + " not found"))));
    Collections.reverse(parts);
    return parts;
  }
}
