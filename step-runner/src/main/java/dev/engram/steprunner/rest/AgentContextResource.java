package dev.engram.steprunner.rest;

import dev.engram.contracts.api.AgentSnapshot;
import dev.engram.platform.rest.ApiException;
import dev.engram.steprunner.context.ContextOverview;
import dev.engram.steprunner.context.ContextOverviews;
import dev.engram.steprunner.persistence.CompactionRepository;
import dev.engram.steprunner.persistence.ConversationKey;
import dev.engram.steprunner.persistence.MessageRepository;
import java.util.List;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An agent's context window for agent-api: the overview (agent-api sends the agent's snapshot, which holds
 * its model, tools and system text) and the outcome of a queued compaction.
 */
@Path("/internal/agents/{agentId}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RunOnVirtualThread
public class AgentContextResource {
  private final ContextOverviews overviews;
  private final CompactionRepository compactions;
  private final MessageRepository messages;

  AgentContextResource(ContextOverviews overviews, CompactionRepository compactions, MessageRepository messages) {
    this.messages = messages;
    this.overviews = overviews;
    this.compactions = compactions;
  }

  @POST
  @Path("/context")
  public ContextOverview context(@PathParam("agentId") String agentId,
      @QueryParam("conversation_id") String conversationId, AgentSnapshot agent) {
    if (agent == null || !agentId.equals(agent.id())) {
      throw ApiException.unprocessable("body: the agent snapshot of " + agentId + " is required");
    }
    return overviews.of(agent, new ConversationKey(agentId, conversationId));
  }

  /** The ids of a conversation's context window, in order (empty before its first run). */
  @GET
  @Path("/conversations/{conversationId}/in-context")
  public List<String> inContext(@PathParam("agentId") String agentId,
      @PathParam("conversationId") String conversationId) {
    return messages.inContextIds(new ConversationKey(agentId, conversationId));
  }

  /** Letta's {@code CompactionResponse} of the compaction a summarize run did. */
  @GET
  @Path("/compactions")
  public Map<String, Object> compaction(@PathParam("agentId") String agentId, @QueryParam("run_id") String runId) {
    var c = compactions.byRun(runId).filter(found -> found.agentId().equals(agentId))
        .orElseThrow(() -> ApiException.notFound("No compaction for run " + runId));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("summary", c.summary() == null ? "" : c.summary());
    out.put("num_messages_before", c.messagesBefore());
    out.put("num_messages_after", c.messagesAfter() == null ? c.messagesBefore() : c.messagesAfter());
    out.put("status", c.status());
    out.put("error", c.error());
    return out;
  }
}
