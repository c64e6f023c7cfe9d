package dev.engram.toolexecutor.mcp;

import dev.engram.platform.rest.ApiException;
import java.net.http.HttpRequest;
import java.util.LinkedHashMap;
import java.util.Map;

/** The HTTP headers tool-executor sends a remote MCP server: its auth header and custom headers. */
final class McpHeaders {
  /** Header of {@code auth_token} when the server names none. */
  static final String DEFAULT_AUTH_HEADER = "Authorization";

  /** Every header of {@code server}, auth last so a custom header cannot override it. */
  static Map<String, String> of(McpServer server) {
    Map<String, String> headers = new LinkedHashMap<>();
    if (server.customHeaders() != null) {
      headers.putAll(server.customHeaders());
    }
    if (server.authToken() != null && !server.authToken().isBlank()) {
      headers.put(server.authHeader() == null || server.authHeader().isBlank() ? DEFAULT_AUTH_HEADER
          : server.authHeader(), server.authToken());
    }
    return headers;
  }

  /** A 400 naming the first header the HTTP client refuses to send (restricted name, bad characters). */
  static void validate(McpServer server) {
    for (Map.Entry<String, String> header : of(server).entrySet()) {
      try {
        HttpRequest.newBuilder().header(header.getKey(), header.getValue());
      } catch (IllegalArgumentException e) {
        // The value may be a secret: name only the header.
        throw ApiException.badRequest("Header '" + header.getKey() + "' cannot be sent to an MCP server "
            + "(restricted name or invalid characters)");
      }
    }
  }

  private McpHeaders() {
  }
}
