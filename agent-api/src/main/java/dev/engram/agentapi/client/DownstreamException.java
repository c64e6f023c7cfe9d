package dev.engram.agentapi.client;

/**
 * A service this one depends on failed (502) or could not be reached (503). Worth retrying, unlike
 * its 4xx answers, which become {@link dev.engram.platform.rest.ApiException}s for the client.
 */
public class DownstreamException extends RuntimeException {
  private final int status;

  DownstreamException(int status, String message, Throwable cause) {
    super(message, cause);
    this.status = status;
  }

  /** The status to answer the client with. */
  public int status() {
    return status;
  }
}
