package dev.engram.agentapi.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.engram.platform.rest.ApiException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

class DownstreamTest {

  @Test
  void aClientErrorOfThePeerKeepsItsStatusAndDetail() {
    assertThatThrownBy(() -> Downstream.call("memory-service", () -> {
      throw new WebApplicationException(error(422, "{\"detail\":\"blocks.0.value: Field required\"}"));
    })).isInstanceOfSatisfying(ApiException.class, e -> {
      assertThat(e.status()).isEqualTo(422);
      assertThat(e.getMessage()).isEqualTo("blocks.0.value: Field required");
    });
  }

  @Test
  void aServerErrorOfThePeerIsABadGatewayWorthRetrying() {
    assertThatThrownBy(() -> Downstream.call("memory-service", () -> {
      throw new WebApplicationException(error(500, "{\"detail\":\"An unknown error occurred\"}"));
    })).isInstanceOfSatisfying(DownstreamException.class, e -> {
      assertThat(e.status()).isEqualTo(502);
      assertThat(e.getMessage()).isEqualTo("memory-service failed: An unknown error occurred");
    });
  }

  @Test
  void anUnreachablePeerIsUnavailable() {
    assertThatThrownBy(() -> Downstream.call("step-runner", () -> {
      throw new ProcessingException(new ConnectException("Connection refused"));
    })).isInstanceOfSatisfying(DownstreamException.class, e -> {
      assertThat(e.status()).isEqualTo(503);
      assertThat(e.getMessage()).isEqualTo("step-runner is unavailable");
    });
  }

  private static Response error(int status, String body) {
    return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
  }
}
