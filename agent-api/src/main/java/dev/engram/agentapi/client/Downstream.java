package dev.engram.agentapi.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.contracts.Json;
import dev.engram.platform.rest.ApiException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.function.Supplier;

/** Runs a REST client call and turns its failures into what this service answers its own client. */
final class Downstream {

  /**
   * Calls {@code call}: a 4xx of {@code service} keeps its status and detail (the client's input was
   * wrong), a 5xx becomes a 502 and a connection failure a 503.
   */
  static <T> T call(String service, Supplier<T> call) {
    try {
      return call.get();
    } catch (WebApplicationException e) {
      Response response = e.getResponse();
      int status = response.getStatus();
      String detail = detail(response);
      if (status >= 500) {
        throw new DownstreamException(502, service + " failed: " + (detail == null ? "HTTP " + status : detail), e);
      }
      throw new ApiException(status, detail == null ? service + " answered HTTP " + status : detail);
    } catch (ProcessingException e) {
      throw new DownstreamException(503, service + " is unavailable", e);
    }
  }

  /** Runs a call without a result. */
  static void run(String service, Runnable call) {
    call(service, () -> {
      call.run();
      return null;
    });
  }

  private static String detail(Response response) {
    try {
      String body = response.readEntity(String.class);
      if (body == null || body.isBlank()) {
        return null;
      }
      JsonNode detail = Json.MAPPER.readTree(body).path("detail");
      return detail.isMissingNode() || detail.isNull() ? null : detail.isTextual() ? detail.asText() : detail.toString();
    } catch (RuntimeException | com.fasterxml.jackson.core.JsonProcessingException e) {
      return null;
    }
  }

  private Downstream() {
  }
}
