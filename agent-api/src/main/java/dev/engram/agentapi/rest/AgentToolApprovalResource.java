package dev.engram.agentapi.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.agentapi.approval.ToolApprovals;
import dev.engram.contracts.Ids;
import dev.engram.platform.rest.ApiException;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Iterator;

/**
 * {@code PATCH /v1/agents/{id}/tools/approval/{tool_name}}: whether calls of the tool wait for approval. The body
 * is {@code {"requires_approval": bool}}; the SDK 1.12.1 sends the key as {@code body_requires_approval}, and the
 * deprecated query parameter is honoured too. Answers {@code null}, as Letta does for 1.0 clients.
 */
@Path("/v1/agents/{agentId}/tools/approval/{toolName}")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@RunOnVirtualThread
public class AgentToolApprovalResource {
  private final ToolApprovals approvals;

  AgentToolApprovalResource(ToolApprovals approvals) {
    this.approvals = approvals;
  }

  @PATCH
  public Response modify(@PathParam("agentId") String agentId, @PathParam("toolName") String toolName,
      @QueryParam("requires_approval") String query, JsonNode body) {
    Params.id(Ids.AGENT, agentId);
    approvals.set(agentId, toolName, requiresApproval(body, query));
    return Response.ok("null", MediaType.APPLICATION_JSON_TYPE).build();
  }

  private static boolean requiresApproval(JsonNode body, String query) {
    if (body != null && !body.isNull()) {
      if (!body.isObject()) {
        throw ApiException.unprocessable("body: Input should be an object");
      }
      for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
        String name = names.next();
        if (!name.equals("requires_approval") && !name.equals("body_requires_approval")) {
          throw ApiException.unprocessable("body." + name + ": Extra inputs are not permitted");
        }
      }
      JsonNode value = body.has("requires_approval") ? body.get("requires_approval") : body.get("body_requires_approval");
      if (value != null) {
        if (!value.isBoolean()) {
          throw ApiException.unprocessable("requires_approval: Input should be a valid boolean");
        }
        return value.asBoolean();
      }
    }
    if (query != null) {
      if (!query.equals("true") && !query.equals("false")) {
        throw ApiException.unprocessable("requires_approval: Input should be a valid boolean");
      }
      return Boolean.parseBoolean(query);
    }
    throw ApiException.unprocessable("requires_approval: Field required");
  }
}
