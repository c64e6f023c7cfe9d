package dev.engram.scriptedmodel;

/** A request the server refuses with 400 and an OpenAI {@code invalid_request_error} body. */
final class InvalidRequestException extends Exception {
  InvalidRequestException(String message) {
    super(message, null, false, false);
  }
}
