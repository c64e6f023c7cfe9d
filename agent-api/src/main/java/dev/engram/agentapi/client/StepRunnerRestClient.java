package dev.engram.agentapi.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.contracts.api.AgentSnapshot;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import java.util.Map;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** step-runner's internal API for an agent's message history and context. */
@Path("/internal/agents/{agentId}")
@RegisterRestClient(configKey = "step-runner")
public interface StepRunnerRestClient {

  /** A page of LettaMessages, kept as JSON so message types this service does not model pass through intact. */
  @GET
  @Path("/messages")
  JsonNode messages(@PathParam("agentId") String agentId, @QueryParam("conversation_id") String conversationId,
      @QueryParam("before") String before, @QueryParam("after") String after, @QueryParam("limit") Integer limit,
      @QueryParam("order") String order);

  /** The ids of a conversation's context window, in order ({@code default}: the agent's own). */
  @GET
  @Path("/conversations/{conversationId}/in-context")
  JsonNode inContext(@PathParam("agentId") String agentId, @PathParam("conversationId") String conversationId);

  /** Copies a conversation's window (up to {@code message_id}) into a new conversation; the new window's ids. */
  @POST
  @Path("/conversations/{conversationId}/fork")
  JsonNode fork(@PathParam("agentId") String agentId, @PathParam("conversationId") String conversationId,
      Map<String, String> body);

  /** The recompiled system prompt (a JSON string). */
  @POST
  @Path("/recompile")
  JsonNode recompile(@PathParam("agentId") String agentId, AgentSnapshot agent,
      @QueryParam("conversation_id") String conversationId, @QueryParam("update_timestamp") boolean updateTimestamp, @QueryParam("dry_run") boolean dryRun);

  /** Leaves only the system message in the agent's context window. */
  @POST
  @Path("/reset-messages")
  void resetMessages(@PathParam("agentId") String agentId, AgentSnapshot agent);

  /** Letta's ContextWindowOverview of the agent described by {@code agent}. */
  @POST
  @Path("/context")
  JsonNode context(@PathParam("agentId") String agentId, AgentSnapshot agent);

  /** What the compaction run {@code runId} did: Letta's CompactionResponse plus its status and error. */
  @GET
  @Path("/compactions")
  JsonNode compaction(@PathParam("agentId") String agentId, @QueryParam("run_id") String runId);

  @GET
  @Path("/pending-approval")
  JsonNode pendingApproval(@PathParam("agentId") String agentId,
      @QueryParam("conversation_id") String conversationId);
}
