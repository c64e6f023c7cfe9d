package dev.engram.agentapi.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A plain SSE client over real HTTP, sending {@code Accept: application/json} as the Letta SDK does: frames as
 * they arrive, one reader virtual thread per stream.
 */
public final class SseClient implements AutoCloseable {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Put on the queue when the server closed the stream. */
  private static final Frame EOF = new Frame(null, null);

  private final HttpResponse<InputStream> response;
  private final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
  private boolean first = true;

  /** One event: its name (null for plain data events) and data. */
  public record Frame(String event, String data) {
    public JsonNode json() {
      try {
        return JSON.readTree(data);
      } catch (IOException e) {
        throw new IllegalStateException("Not JSON: " + data, e);
      }
    }

    public String type() {
      return json().path("message_type").asText();
    }
  }

  private SseClient(HttpResponse<InputStream> response) {
    this.response = response;
    if (response.statusCode() == 200) {
      Thread.ofVirtual().start(this::read);
    }
  }

  /** POSTs {@code body} (JSON) to {@code uri} and starts reading its events. */
  public static SseClient post(URI uri, Object body) {
    try {
      HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
          .header("Content-Type", "application/json").header("Accept", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
      return new SseClient(HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream()));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public int status() {
    return response.statusCode();
  }

  public String contentType() {
    return response.headers().firstValue("content-type").orElse("");
  }

  /** The body of a non-200 answer. */
  public JsonNode errorBody() throws IOException {
    return JSON.readTree(response.body());
  }

  /**
   * The next event, skipping keepalive pings after the first event (a keepalive may come between any two events on
   * a slow machine; the initial ping is returned); fails after {@code seconds} without one or at the end.
   */
  public Frame next(int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (true) {
      boolean initial = first;
      Frame frame = nextWithPings((int) Math.max(1, TimeUnit.NANOSECONDS.toSeconds(deadline - System.nanoTime())));
      if (initial || frame.data().startsWith("[") || !frame.type().equals("ping")) {
        return frame;
      }
    }
  }

  /** The next event, keepalive pings included; fails after {@code seconds} without one or at the end. */
  public Frame nextWithPings(int seconds) throws InterruptedException {
    first = false;
    Frame frame = frames.poll(seconds, TimeUnit.SECONDS);
    if (frame == null) {
      throw new AssertionError("No event within " + seconds + " s");
    }
    if (frame == EOF) {
      throw new AssertionError("The stream ended");
    }
    return frame;
  }

  /** Whether the server ends the stream within {@code seconds} (no further event). */
  public boolean ended(int seconds) throws InterruptedException {
    Frame frame = frames.poll(seconds, TimeUnit.SECONDS);
    return frame == EOF;
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
          event = value(line, 6);
        } else if (line.startsWith("data:")) {
          data = data == null ? new StringBuilder(value(line, 5)) : data.append('\n').append(value(line, 5));
        }
      }
    } catch (IOException e) {
      // closed by the test
    } finally {
      frames.add(EOF);
    }
  }

  private static String value(String line, int from) {
    String v = line.substring(from);
    return v.startsWith(" ") ? v.substring(1) : v;
  }

  /** Drops the connection (a client going away mid-stream). */
  @Override
  public void close() {
    try {
      response.body().close();
    } catch (IOException e) {
      // already closed
    }
  }
}
