package dev.engram.agentapi.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.agentapi.message.GenerateService;
import dev.engram.agentapi.message.SendResult;
import dev.engram.contracts.Ids;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** {@code POST /v1/agents/{id}/generate}: a direct completion with the agent's model, outside its history. */
@Path("/v1/agents/{agentId}/generate")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RunOnVirtualThread
public class AgentGenerateResource {
  private final GenerateService generate;

  AgentGenerateResource(GenerateService generate) {
    this.generate = generate;
  }

  @POST
  public Response generate(@PathParam("agentId") String agentId, JsonNode body) {
    SendResult result = generate.generate(Params.id(Ids.AGENT, agentId), body);
    return Response.status(result.status()).type(MediaType.APPLICATION_JSON_TYPE).entity(result.body()).build();
  }
}
