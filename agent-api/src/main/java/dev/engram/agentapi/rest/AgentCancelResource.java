package dev.engram.agentapi.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.agentapi.run.CancelService;
import dev.engram.contracts.Ids;
import dev.engram.contracts.Json;
import dev.engram.platform.rest.ApiException;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code POST /v1/agents/{id}/messages/cancel}: Letta's {@code CancelAgentRunRequest} → map of run id to outcome. */
@Path("/v1/agents/{agentId}/messages/cancel")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
@RunOnVirtualThread
public class AgentCancelResource {
  private final CancelService cancels;

  AgentCancelResource(CancelService cancels) {
    this.cancels = cancels;
  }

  @POST
  public Map<String, String> cancel(@PathParam("agentId") String agentId, String raw) {
    Params.id(Ids.AGENT, agentId);
    return cancels.cancel(agentId, runIds(parse(raw)));
  }

  /**
   * {@code POST /v1/conversations/{id}/cancel}: Engram has only the default conversation of each agent, named
   * {@code default} with the {@code agent_id} query parameter or (Letta's deprecated form) by the agent id itself;
   * every active run of that agent is cancelled, as {@code messages/cancel} without ids does.
   */
  @Path("/v1/conversations/{conversationId}/cancel")
  @Produces(MediaType.APPLICATION_JSON)
  @Consumes(MediaType.WILDCARD)
  @RunOnVirtualThread
  public static class Conversation {
    private final CancelService cancels;

    Conversation(CancelService cancels) {
      this.cancels = cancels;
    }

    @POST
    public Map<String, String> cancel(@PathParam("conversationId") String conversationId,
        @QueryParam("agent_id") String agentId) {
      String agent = Params.defaultConversationAgent(conversationId, agentId);
      return cancels.cancel(agent, null);
    }
  }

  /** The body is optional (the SDK may send none, with or without a content type). */
  private static JsonNode parse(String raw) {
    if (raw == null || raw.isBlank()) {
      return null;
    }
    try {
      return Json.MAPPER.readTree(raw);
    } catch (JsonProcessingException e) {
      throw ApiException.unprocessable("Invalid JSON in request body: " + e.getOriginalMessage());
    }
  }

  /** {@code run_ids}: absent, null or a list of run ids (each checked like a path id). */
  private static List<String> runIds(JsonNode body) {
    if (body == null || body.isNull() || body.isMissingNode()) {
      return null;
    }
    if (!body.isObject()) {
      throw ApiException.unprocessable("body: Input should be a valid dictionary or object");
    }
    JsonNode ids = body.get("run_ids");
    if (ids == null || ids.isNull()) {
      return null;
    }
    if (!ids.isArray()) {
      throw ApiException.unprocessable("run_ids: Input should be a valid list");
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      if (!ids.get(i).isTextual()) {
        throw ApiException.unprocessable("run_ids." + i + ": Input should be a valid string");
      }
      out.add(Params.id(Ids.RUN, ids.get(i).asText()));
    }
    return out;
  }
}
