package dev.engram.contracts;

/** Letta's error body: {@code {"detail": "..."}}. */
public record ErrorBody(String detail) {
}
