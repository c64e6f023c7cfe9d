package dev.engram.steprunner.rest;

import dev.engram.contracts.message.LettaMessage;
import dev.engram.platform.rest.ApiException;
import dev.engram.steprunner.message.LettaMessages;
import dev.engram.steprunner.persistence.MessageRepository;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** The messages of one run (its input and everything it produced), paged, for {@code GET /v1/runs/{id}/messages}. */
@Path("/internal/runs/{runId}/messages")
@Produces(MediaType.APPLICATION_JSON)
@RunOnVirtualThread
public class RunMessagesResource {
  private final MessageRepository messages;

  RunMessagesResource(MessageRepository messages) {
    this.messages = messages;
  }

  @GET
  public List<LettaMessage> list(@PathParam("runId") String runId, @QueryParam("before") String before,
      @QueryParam("after") String after, @QueryParam("limit") @DefaultValue("100") int limit,
      @QueryParam("order") @DefaultValue("asc") String order) {
    PageParams.check(limit, order);
    return LettaMessages.of(messages.pageOfRun(runId, PageParams.cursor(before), PageParams.cursor(after), limit,
        order.equals("desc")).orElseThrow(() -> ApiException.notFound("Message cursor not found in run " + runId)));
  }
}
