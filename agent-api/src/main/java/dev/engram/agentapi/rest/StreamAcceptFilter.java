package dev.engram.agentapi.rest;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.regex.Pattern;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * The Letta SDK sends {@code Accept: application/json} on every request, its streams included. The stream-only
 * endpoints answer SSE whatever the client accepts, as Letta's do, instead of 406.
 */
public class StreamAcceptFilter {
  private static final Pattern STREAM_ONLY = Pattern.compile("/v1/(agents/[^/]+/messages|runs/[^/]+|conversations/[^/]+)/stream/?");

  @ServerRequestFilter(preMatching = true)
  public void acceptEventStream(ContainerRequestContext request) {
    if (HttpMethod.POST.equals(request.getMethod())
        && STREAM_ONLY.matcher(request.getUriInfo().getPath()).matches()) {
      request.getHeaders().putSingle(HttpHeaders.ACCEPT, MediaType.SERVER_SENT_EVENTS);
    }
  }
}
