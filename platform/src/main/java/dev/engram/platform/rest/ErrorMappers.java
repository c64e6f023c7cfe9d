package dev.engram.platform.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.engram.contracts.ErrorBody;
import io.quarkus.logging.Log;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Maps every exception to Letta's error body; clients never see class names or stack traces. */
public class ErrorMappers {

  @ServerExceptionMapper
  public Response api(ApiException e) {
    return body(e.status(), e.getMessage());
  }

  @ServerExceptionMapper
  public Response json(JsonProcessingException e) {
    return body(422, describe(e));
  }

  /** Quarkus' built-in mapper answers 400 for a mistyped field; Letta answers 422 naming the field. */
  @ServerExceptionMapper
  public Response mismatched(MismatchedInputException e) {
    return body(422, describe(e));
  }

  @ServerExceptionMapper
  public Response web(WebApplicationException e) {
    int status = e.getResponse().getStatus();
    Throwable cause = e.getCause();
    if (cause instanceof JsonProcessingException json) {
      return body(422, describe(json));
    }
    String detail = switch (status) {
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 415 -> "Unsupported Media Type";
      default -> e.getMessage() == null ? "Request failed" : e.getMessage();
    };
    return body(status == 400 ? 422 : status, detail);
  }

  @ServerExceptionMapper
  public Response unexpected(RuntimeException e) {
    Log.error("Unexpected error serving a request", e);
    return body(500, "An unknown error occurred");
  }

  /** A response with Letta's error body. */
  public static Response body(int status, String detail) {
    return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(new ErrorBody(detail)).build();
  }

  private static String describe(JsonProcessingException e) {
    if (e instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
      String field = mismatch.getPath().stream()
          .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : String.valueOf(ref.getIndex()))
          .reduce((a, b) -> a + "." + b).orElse("body");
      String why = e instanceof InvalidFormatException ? "has an invalid value" : "has the wrong type";
      return "Invalid request body: field '" + field + "' " + why;
    }
    return "Invalid JSON in request body: " + e.getOriginalMessage();
  }
}
