package dev.engram.agentapi.client;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** step-runner's internal lookups of messages by id and by run (JSON passed through as step-runner shapes it). */
@Path("/internal")
@RegisterRestClient(configKey = "step-runner")
public interface MessageLookupRestClient {

  /** The LettaMessages of one stored message. */
  @GET
  @Path("/messages/{messageId}")
  JsonNode message(@PathParam("messageId") String messageId);

  /** A page of a run's LettaMessages. */
  @GET
  @Path("/runs/{runId}/messages")
  JsonNode runMessages(@PathParam("runId") String runId, @QueryParam("before") String before,
      @QueryParam("after") String after, @QueryParam("limit") Integer limit, @QueryParam("order") String order);
}
