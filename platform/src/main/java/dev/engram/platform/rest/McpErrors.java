package dev.engram.platform.rest;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;

/** Letta's {@code mcp_connection_error} answer (502) for an MCP server that cannot be reached, plus {@code detail}. */
public final class McpErrors {

  /** {@code {"detail": message, "error": {"type": "mcp_connection_error", "message", "detail"}}} with status 502. */
  public static Response connectionError(String message) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("type", "mcp_connection_error");
    error.put("message", message);
    error.put("detail", message);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("detail", message);
    body.put("error", error);
    return Response.status(502).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
  }

  private McpErrors() {
  }
}
