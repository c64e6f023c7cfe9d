package dev.engram.agentapi.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.agentapi.conversation.ConversationService;
import dev.engram.agentapi.conversation.ConversationTarget;
import dev.engram.agentapi.run.CancelService;
import dev.engram.contracts.Ids;
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
    return cancels.cancel(agentId, runIds(Params.optionalBody(raw)));
  }

  /**
   * {@code POST /v1/conversations/{id}/cancel}: every created or running run of one conversation is cancelled, as
   * {@code messages/cancel} does: a {@code conv-…} conversation, or an agent's default conversation, named
   * {@code default} with the {@code agent_id} query parameter or (Letta's deprecated form) by the agent id itself.
   */
  @Path("/v1/conversations/{conversationId}/cancel")
  @Produces(MediaType.APPLICATION_JSON)
  @Consumes(MediaType.WILDCARD)
  @RunOnVirtualThread
  public static class Conversation {
    private final CancelService cancels;
    private final ConversationService conversations;

    Conversation(CancelService cancels, ConversationService conversations) {
      this.cancels = cancels;
      this.conversations = conversations;
    }

    @POST
    public Map<String, String> cancel(@PathParam("conversationId") String conversationId,
        @QueryParam("agent_id") String agentId) {
      ConversationTarget target = conversations.requireTarget(conversationId, agentId);
      return cancels.cancelConversation(target.agentId(), target.conversationId());
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
