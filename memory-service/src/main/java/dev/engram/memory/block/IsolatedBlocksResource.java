package dev.engram.memory.block;

import dev.engram.platform.rest.ApiException;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * Internal API over a conversation's private block copies, for agent-api's conversations: {@code PUT} copies the
 * agent's blocks with the given labels (idempotent), {@code GET} lists the copies, {@code DELETE} drops them.
 */
@Path("/internal/agents/{agentId}/conversations/{conversationId}/isolated-blocks")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RunOnVirtualThread
public class IsolatedBlocksResource {
  private final ConversationBlocks conversations;

  IsolatedBlocksResource(ConversationBlocks conversations) {
    this.conversations = conversations;
  }

  /** Body of the PUT. */
  public record IsolateRequest(List<String> labels) {
  }

  /** Copies the labels not copied yet; answers every copy of the conversation. */
  @PUT
  public List<ConversationBlocks.IsolatedBlock> isolate(@PathParam("agentId") String agentId,
      @PathParam("conversationId") String conversationId, IsolateRequest request) {
    if (request == null) {
      throw ApiException.unprocessable("Request body is required: {\"labels\": [...]}");
    }
    return conversations.isolate(agentId, conversationId, request.labels());
  }

  /** The conversation's copies in the order they were made. */
  @GET
  public List<ConversationBlocks.IsolatedBlock> list(@PathParam("agentId") String agentId,
      @PathParam("conversationId") String conversationId) {
    return conversations.list(agentId, conversationId);
  }

  /** Deletes the conversation's copies. */
  @DELETE
  public void delete(@PathParam("agentId") String agentId, @PathParam("conversationId") String conversationId) {
    conversations.delete(agentId, conversationId);
  }
}
