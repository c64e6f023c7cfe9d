package dev.engram.agentapi.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.agentapi.message.AsyncSendService;
import dev.engram.agentapi.run.RunView;
import dev.engram.contracts.Ids;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code POST /v1/agents/{id}/messages/async}: a send answered with its Run at once (optional webhook). */
@Path("/v1/agents/{agentId}/messages/async")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RunOnVirtualThread
public class AgentAsyncMessagesResource {
  private final AsyncSendService async;

  AgentAsyncMessagesResource(AsyncSendService async) {
    this.async = async;
  }

  @POST
  public RunView send(@PathParam("agentId") String agentId, JsonNode body) {
    return async.send(Params.id(Ids.AGENT, agentId), body);
  }
}
