package dev.engram.agentapi.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.contracts.Json;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Access to tool-executor's MCP server API. Its 4xx pass through with their detail; its 502 (an MCP server could not
 * be reached) becomes {@link McpConnectionError}; reads are retried, writes and tool runs are not.
 */
@ApplicationScoped
public class McpServersClient {
  private static final String SERVICE = "tool-executor";

  private final McpServersRestClient rest;

  McpServersClient(@RestClient McpServersRestClient rest) {
    this.rest = rest;
  }

  @Timeout(value = 20, unit = ChronoUnit.SECONDS)
  public Map<String, Object> create(Map<String, Object> request) {
    return call(() -> rest.create(request));
  }

  @Retry(maxRetries = 2, delay = 200, delayUnit = ChronoUnit.MILLIS, retryOn = DownstreamException.class)
  @Timeout(value = 20, unit = ChronoUnit.SECONDS)
  public List<Map<String, Object>> list() {
    return call(rest::list);
  }

  @Retry(maxRetries = 2, delay = 200, delayUnit = ChronoUnit.MILLIS, retryOn = DownstreamException.class)
  @Timeout(value = 20, unit = ChronoUnit.SECONDS)
  public Map<String, Object> get(String id) {
    return call(() -> rest.get(id));
  }

  @Timeout(value = 20, unit = ChronoUnit.SECONDS)
  public Map<String, Object> update(String id, Map<String, Object> request) {
    return call(() -> rest.update(id, request));
  }

  @Timeout(value = 20, unit = ChronoUnit.SECONDS)
  public void delete(String id) {
    call(() -> {
      rest.delete(id);
      return null;
    });
  }

  /** The server's tools now; slow servers get the connect and request time tool-executor allows them. */
  @Timeout(value = 60, unit = ChronoUnit.SECONDS)
  public List<Map<String, Object>> tools(String id) {
    return call(() -> rest.tools(id));
  }

  @Timeout(value = 60, unit = ChronoUnit.SECONDS)
  public Map<String, Object> run(String id, String toolName, Map<String, Object> args) {
    return call(() -> rest.run(id, toolName, Map.of("args", args == null ? Map.of() : args)));
  }

  private static <T> T call(Supplier<T> call) {
    return Downstream.call(SERVICE, () -> {
      try {
        return call.get();
      } catch (WebApplicationException e) {
        if (e.getResponse().getStatus() == 502) {
          throw new McpConnectionError(detail(e), e);
        }
        throw e;
      }
    });
  }

  private static String detail(WebApplicationException e) {
    try {
      JsonNode body = Json.MAPPER.readTree(e.getResponse().readEntity(String.class));
      return body.path("detail").asText("The MCP server could not be reached");
    } catch (RuntimeException | com.fasterxml.jackson.core.JsonProcessingException unreadable) {
      return "The MCP server could not be reached";
    }
  }
}
