package dev.engram.platform.rest;

/** An error a client caused or can act on, rendered as Letta's {@code {"detail": ...}} with {@link #status()}. */
public class ApiException extends RuntimeException {
  private final int status;

  public ApiException(int status, String detail) {
    super(detail);
    this.status = status;
  }

  public int status() {
    return status;
  }

  /** 404 with Letta's wording, e.g. {@code notFound("Agent not found")}. */
  public static ApiException notFound(String detail) {
    return new ApiException(404, detail);
  }

  /** 400: a well-formed request the server cannot accept. */
  public static ApiException badRequest(String detail) {
    return new ApiException(400, detail);
  }

  /** 422: a request that fails validation (malformed ids, missing fields). */
  public static ApiException unprocessable(String detail) {
    return new ApiException(422, detail);
  }

  /** 409: the request conflicts with the current state. */
  public static ApiException conflict(String detail) {
    return new ApiException(409, detail);
  }

  /** 502/503-style failure of a service this one depends on. */
  public static ApiException unavailable(String detail) {
    return new ApiException(503, detail);
  }
}
