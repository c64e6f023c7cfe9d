package dev.engram.agentapi.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP endpoint on 127.0.0.1 receiving run webhooks: it answers the first {@code failures} POSTs with 500,
 * then 200, and keeps every body it got.
 */
public final class WebhookReceiver implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final List<JsonNode> received = new CopyOnWriteArrayList<>();
  private final AtomicInteger failuresLeft;

  private WebhookReceiver(int failures) {
    this.failuresLeft = new AtomicInteger(failures);
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/hook", exchange -> {
      try (exchange) {
        received.add(JSON.readTree(exchange.getRequestBody()));
        int status = failuresLeft.getAndDecrement() > 0 ? 500 : 200;
        exchange.sendResponseHeaders(status, -1);
      }
    });
    server.start();
  }

  /** Starts a receiver that fails its first {@code failures} deliveries. */
  public static WebhookReceiver failingFirst(int failures) {
    return new WebhookReceiver(failures);
  }

  /** The URL to give as {@code callback_url}. */
  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
  }

  /** Every body received so far, in order. */
  public List<JsonNode> received() {
    return List.copyOf(received);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
