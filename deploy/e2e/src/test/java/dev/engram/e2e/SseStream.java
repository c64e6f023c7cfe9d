package dev.engram.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A server-sent event stream read over real HTTP as it arrives; closing it drops the connection mid-stream. */
final class SseStream implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private static final Frame EOF = new Frame(null, null);

  private final HttpResponse<InputStream> response;
  private final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();

  /** One event: its name (null for plain data events) and its data. */
  record Frame(String event, String data) {
    JsonNode json() {
      try {
        return JSON.readTree(data);
      } catch (IOException e) {
        throw new AssertionError("Not JSON: " + data, e);
      }
    }

    /** The chunk's {@code message_type}, or its data when it is not JSON ({@code [DONE]}). */
    String type() {
      return data.startsWith("{") ? json().path("message_type").asText() : data;
    }
  }

  private SseStream(HttpResponse<InputStream> response) {
    this.response = response;
    Thread.ofVirtual().start(this::read);
  }

  /** POSTs {@code body} to {@code url} and starts reading; fails unless the answer is a 200 event stream. */
  static SseStream post(String url, JsonNode body) {
    try {
      HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
          .header("Content-Type", "application/json").header("Accept", "text/event-stream")
          .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
      HttpResponse<InputStream> response = HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
      if (response.statusCode() != 200) {
        try (InputStream in = response.body()) {
          throw new AssertionError("POST " + url + " answered " + response.statusCode() + ": "
              + new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
      }
      return new SseStream(response);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The next event; fails after {@code timeout} without one or when the stream has ended. */
  Frame next(Duration timeout) throws InterruptedException {
    Frame frame = frames.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (frame == null) {
      throw new AssertionError("No event within " + timeout);
    }
    if (frame == EOF) {
      throw new AssertionError("The stream ended");
    }
    return frame;
  }

  /** Whether the server closes the stream within {@code timeout} without another event. */
  boolean ends(Duration timeout) throws InterruptedException {
    return frames.poll(timeout.toMillis(), TimeUnit.MILLISECONDS) == EOF;
  }

  private void read() {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      String event = null;
      StringBuilder data = null;
      String line;
      while ((line = in.readLine()) != null) {
        if (line.isEmpty()) {
          if (data != null) {
            frames.add(new Frame(event, data.toString()));
          }
          event = null;
          data = null;
        } else if (line.startsWith("event:")) {
          event = line.substring(6).strip();
        } else if (line.startsWith("data:")) {
          String value = line.substring(5).stripLeading();
          data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
        }
      }
    } catch (IOException closed) {
      // Dropped by close(): the end of this stream.
    } finally {
      frames.add(EOF);
    }
  }

  @Override
  public void close() {
    try {
      response.body().close();
    } catch (IOException alreadyClosed) {
      // Nothing left to drop.
    }
  }
}
