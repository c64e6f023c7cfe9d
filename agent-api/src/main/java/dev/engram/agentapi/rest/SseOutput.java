package dev.engram.agentapi.rest;

import dev.engram.agentapi.stream.SseFrame;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

/**
 * Writes a stream's frames as SSE from a method that must also be able to answer JSON
 * ({@code POST /v1/agents/{id}/messages} with {@code streaming: true}). It blocks the request's virtual thread
 * (never a platform thread) until the stream ends; a client that goes away cancels the stream.
 */
final class SseOutput implements StreamingOutput {
  private final Multi<SseFrame> frames;

  SseOutput(Multi<SseFrame> frames) {
    this.frames = frames;
  }

  @Override
  public void write(OutputStream out) throws IOException {
    try (Stream<SseFrame> stream = frames.subscribe().asStream()) {
      stream.forEach(frame -> {
        try {
          out.write(frame.wire().getBytes(StandardCharsets.UTF_8));
          out.flush();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
