package dev.engram.agentapi.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.engram.agentapi.client.StepRunnerClient;
import dev.engram.agentapi.conversation.ConversationQuery;
import dev.engram.agentapi.conversation.ConversationService;
import dev.engram.agentapi.conversation.ConversationTarget;
import dev.engram.agentapi.conversation.ConversationView;
import dev.engram.agentapi.message.SummarizeRequest;
import dev.engram.agentapi.run.RunService;
import dev.engram.contracts.Ids;
import dev.engram.platform.rest.ApiException;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * Letta's conversation records: {@code POST /v1/conversations/?agent_id=}, {@code GET /v1/conversations/},
 * {@code GET/PATCH/DELETE /v1/conversations/{id}}, {@code POST /v1/conversations/{id}/recompile} (also for
 * {@code default}) and {@code /fork}. Bodies are read by hand so a wrong type is a 422 naming the field.
 */
@Path("/v1/conversations")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
@RunOnVirtualThread
public class ConversationsResource {
  /** Letta's default page size of the conversation listing. */
  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 1000;
  private static final List<String> ORDER_BY = List.of("created_at", "last_message_at", "last_run_completion");
  private static final List<String> ARCHIVE_STATUS = List.of("unarchived", "archived", "all");

  private final ConversationService conversations;
  private final RunService runs;
  private final StepRunnerClient stepRunner;

  ConversationsResource(ConversationService conversations, RunService runs, StepRunnerClient stepRunner) {
    this.conversations = conversations;
    this.runs = runs;
    this.stepRunner = stepRunner;
  }

  @POST
  public ConversationView create(@QueryParam("agent_id") String agentId, String raw) {
    return conversations.create(agentId, Params.optionalBody(raw));
  }

  @GET
  public List<ConversationView> list(@QueryParam("agent_id") String agentId, @QueryParam("limit") String limit,
      @QueryParam("after") String after, @QueryParam("order") String order, @QueryParam("order_by") String orderBy,
      @QueryParam("summary_search") String summarySearch, @QueryParam("archive_status") String archiveStatus) {
    String agent = blank(agentId) ? null : Params.id(Ids.AGENT, agentId);
    Integer size = Params.positiveInt("limit", limit);
    if (size != null && size > MAX_LIMIT) {
      throw ApiException.unprocessable("limit: Input should be less than or equal to " + MAX_LIMIT);
    }
    String by = blank(orderBy) ? "created_at" : orderBy;
    if (!ORDER_BY.contains(by)) {
      throw ApiException.unprocessable("order_by: Input should be 'created_at', 'last_message_at' or "
          + "'last_run_completion'");
    }
    String archive = blank(archiveStatus) ? "unarchived" : archiveStatus;
    if (!ARCHIVE_STATUS.contains(archive)) {
      throw ApiException.unprocessable("archive_status: Input should be 'unarchived', 'archived' or 'all'");
    }
    ConversationQuery query = new ConversationQuery(agent, blank(summarySearch) ? null : summarySearch, archive, by,
        Params.ascending(order));
    return conversations.list(query, blank(after) ? null : after, size == null ? DEFAULT_LIMIT : size);
  }

  @GET
  @Path("/{conversationId}")
  public ConversationView get(@PathParam("conversationId") String conversationId) {
    return conversations.get(conversationId);
  }

  @PATCH
  @Path("/{conversationId}")
  public ConversationView update(@PathParam("conversationId") String conversationId, String raw) {
    return conversations.update(conversationId, Params.optionalBody(raw));
  }

  @DELETE
  @Path("/{conversationId}")
  public JsonNode delete(@PathParam("conversationId") String conversationId) {
    conversations.delete(conversationId);
    return NullNode.getInstance();
  }

  /**
   * The conversation's system prompt compiled from the agent's current memory, stored in place unless
   * {@code dry_run}; body {@code {agent_id?, compaction_settings?}} (the agent for {@code default}).
   */
  @POST
  @Path("/{conversationId}/recompile")
  public TextNode recompile(@PathParam("conversationId") String conversationId, @QueryParam("dry_run") String dryRun,
      @QueryParam("update_timestamp") String updateTimestamp, String raw) throws JsonProcessingException {
    SummarizeRequest body = SummarizeRequest.parse(raw);
    ConversationTarget target = conversations.requireTarget(conversationId, body.agentId());
    return TextNode.valueOf(stepRunner.recompile(runs.snapshot(target.agentId(), target.conversationId()),
        target.stepRunnerId(), Params.bool("update_timestamp", updateTimestamp), Params.bool("dry_run", dryRun)));
  }

  /**
   * A new conversation that starts as a copy of this one's context window ({@code message_id}: up to and including
   * that message); {@code agent_id} names the agent of {@code default}.
   */
  @POST
  @Path("/{conversationId}/fork")
  public ConversationView fork(@PathParam("conversationId") String conversationId,
      @QueryParam("agent_id") String agentId, @QueryParam("hidden") String hidden,
      @QueryParam("message_id") String messageId) {
    return conversations.fork(conversationId, agentId, Params.bool("hidden", hidden),
        blank(messageId) ? null : Params.id(Ids.MESSAGE, messageId));
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }
}
