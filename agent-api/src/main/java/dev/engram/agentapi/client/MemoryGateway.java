package dev.engram.agentapi.client;

import dev.engram.platform.rest.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Forwards Letta API calls whose resources memory-service owns (blocks, archives, passages, message
 * search) to memory-service unchanged: same method, path, query and body; its answer, status included,
 * goes back to the client. A 5xx becomes a 502 and an unreachable service a 503, as for typed calls.
 */
@ApplicationScoped
public class MemoryGateway {
  private static final Set<String> METHODS_WITH_BODY = Set.of("POST", "PUT", "PATCH");

  private final HttpClient http;
  private final URI base;
  private final Duration timeout;

  MemoryGateway(@ConfigProperty(name = "quarkus.rest-client.memory-service.url") String url,
      @ConfigProperty(name = "quarkus.rest-client.memory-service.read-timeout", defaultValue = "15000") long timeoutMs) {
    this.base = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
    this.timeout = Duration.ofMillis(timeoutMs);
    // HTTP/1.1: no h2c upgrade round trip on every forwarded call.
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2))
        .build();
  }

  /** Sends the request, as it came, to memory-service and returns its answer as this service's response. */
  public Response forward(Request incoming, UriInfo uri, byte[] body) {
    return forward(incoming, uri, body, Map.of());
  }

  /** Forwards the request as it came, with {@code headers} added. */
  public Response forward(Request incoming, UriInfo uri, byte[] body, Map<String, String> headers) {
    return forward(incoming.getMethod(), uri.getRequestUri().getRawPath(), uri.getRequestUri().getRawQuery(), body,
        headers);
  }

  /** Sends a request to memory-service and returns its answer as this service's response. */
  public Response forward(String method, String rawPath, String rawQuery, byte[] body) {
    return forward(method, rawPath, rawQuery, body, Map.of());
  }

  private Response forward(String method, String rawPath, String rawQuery, byte[] body, Map<String, String> headers) {
    String target = base + rawPath + (rawQuery == null || rawQuery.isEmpty() ? "" : "?" + rawQuery);
    HttpRequest.BodyPublisher publisher = METHODS_WITH_BODY.contains(method) && body != null && body.length > 0
        ? HttpRequest.BodyPublishers.ofByteArray(body) : HttpRequest.BodyPublishers.noBody();
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target))
        .timeout(timeout)
        .header("Content-Type", "application/json")
        .header("Accept", "application/json")
        .method(method, publisher);
    headers.forEach(request::header);
    HttpResponse<byte[]> answer;
    try {
      answer = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new DownstreamException(503, "memory-service is unavailable", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(503, "Interrupted while calling memory-service");
    }
    if (answer.statusCode() >= 500) {
      throw new DownstreamException(502, "memory-service failed: HTTP " + answer.statusCode(), null);
    }
    Response.ResponseBuilder out = Response.status(answer.statusCode());
    answer.headers().firstValue("Content-Type").ifPresent(type -> out.type(type));
    return out.entity(answer.body()).build();
  }
}
