package dev.engram.scriptedmodel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Deterministic OpenAI chat-completions compatible model server whose answers are scripted by
 * directives in the last user message (see the module README for the script syntax), with hashed
 * bag-of-words embeddings on {@code /v1/embeddings}.
 */
public final class ScriptedModelServer implements AutoCloseable {
  private static final String JSON = "application/json";
  private static final byte[] HEALTHY = "{\"status\":\"UP\"}".getBytes(StandardCharsets.US_ASCII);

  private final HttpServer server;
  private final ExecutorService executor;
  private final List<String> models;
  private final ObjectMapper json;
  private final Script script;
  private final Completions completions;
  private final HashEmbeddings embeddings;
  private final long startedEpochSecond;
  private final AtomicLong requests = new AtomicLong();
  private volatile long latencyMillis;
  private volatile double tokensPerSecond;

  private ScriptedModelServer(Options options) throws IOException {
    this.models = options.models();
    this.latencyMillis = options.latencyMillis();
    this.tokensPerSecond = options.tokensPerSecond();
    this.json = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    this.script = new Script(json);
    this.completions = new Completions(json);
    this.embeddings = new HashEmbeddings(json);
    this.startedEpochSecond = System.currentTimeMillis() / 1000;
    // Streamed tokens are small writes that Nagle's algorithm would hold back until the previous
    // one is acknowledged; the JDK server reads this property once, when it is first used.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
    this.executor = Executors.newVirtualThreadPerTaskExecutor();
    this.server = HttpServer.create(new InetSocketAddress(options.host(), options.port()), 1024);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** Starts a server with {@code options}; it listens until {@link #close()}. */
  public static ScriptedModelServer start(Options options) {
    Objects.requireNonNull(options, "options");
    try {
      return new ScriptedModelServer(options);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the scripted model on " + options.host() + ":" + options.port(), e);
    }
  }

  /** Starts a server with {@link Options#defaults()}: an ephemeral port on 127.0.0.1. */
  public static ScriptedModelServer start() {
    return start(Options.defaults());
  }

  /** The port the server listens on, resolved when an ephemeral port was asked for. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** The OpenAI base URL clients use, such as {@code http://127.0.0.1:8290/v1}. */
  public String baseUrl() {
    String host = server.getAddress().getHostString();
    String authority = host.contains(":") ? "[" + host + "]" : host;
    return "http://" + authority + ":" + port() + "/v1";
  }

  /** Number of chat completion requests received, including refused and failing ones. */
  public long requestCount() {
    return requests.get();
  }

  /** Latency in ms applied before each answer whose request and turn set none. */
  public long latencyMillis() {
    return latencyMillis;
  }

  /** Changes the default latency for requests received from now on. */
  public void setLatencyMillis(long latencyMillis) {
    if (latencyMillis < 0) {
      throw new IllegalArgumentException("latencyMillis must be >= 0");
    }
    this.latencyMillis = latencyMillis;
  }

  /** Generation rate in tokens per second; 0 means unlimited. */
  public double tokensPerSecond() {
    return tokensPerSecond;
  }

  /** Changes the generation rate for requests received from now on; 0 means unlimited. */
  public void setTokensPerSecond(double tokensPerSecond) {
    if (!(tokensPerSecond >= 0) || Double.isInfinite(tokensPerSecond)) {
      throw new IllegalArgumentException("tokensPerSecond must be a finite number >= 0");
    }
    this.tokensPerSecond = tokensPerSecond;
  }

  /** Stops listening at once, aborting answers still being written. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) {
    try {
      // Draining the body keeps the connection reusable for the client's next request.
      byte[] body = exchange.getRequestBody().readAllBytes();
      String path = exchange.getRequestURI().getPath();
      String route = path.startsWith("/v1/") ? path.substring(3) : path;
      String method = exchange.getRequestMethod();
      switch (route) {
        case "/chat/completions" -> {
          if (requireMethod(exchange, method, "POST")) {
            requests.incrementAndGet();
            chat(exchange, body);
          }
        }
        case "/embeddings" -> {
          if (requireMethod(exchange, method, "POST")) {
            embed(exchange, body);
          }
        }
        case "/models" -> {
          if (requireMethod(exchange, method, "GET")) {
            send(exchange, 200, completions.models(models, startedEpochSecond));
          }
        }
        case "/health" -> {
          if (requireMethod(exchange, method, "GET")) {
            send(exchange, 200, HEALTHY);
          }
        }
        default -> sendError(exchange, 404, "invalid_request_error", "unknown_url", "Unknown path " + path);
      }
    } catch (IOException e) {
      // The client went away or the server is closing: there is nobody left to answer.
    } catch (RuntimeException e) {
      failUnexpectedly(exchange, e);
    } finally {
      exchange.close();
    }
  }

  private void chat(HttpExchange exchange, byte[] body) throws IOException {
    ChatRequest request;
    Reply reply;
    try {
      request = ChatRequest.parse(parseJson(body), models.getFirst());
      reply = script.reply(request);
    } catch (InvalidRequestException e) {
      sendError(exchange, 400, "invalid_request_error", null, e.getMessage());
      return;
    }
    long latency = reply.latencyMillis() == Reply.INHERIT_LATENCY ? latencyMillis : reply.latencyMillis();
    Pacer.sleep(Duration.ofMillis(latency));
    switch (reply) {
      case Reply.Failure failure ->
          sendError(exchange, failure.status(), failure.type(), failure.code(), failure.message());
      case Reply.Answer answer -> answer(exchange, request, answer);
    }
  }

  private void answer(HttpExchange exchange, ChatRequest request, Reply.Answer answer) throws IOException {
    long created = System.currentTimeMillis() / 1000;
    Pacer pacer = Pacer.of(tokensPerSecond);
    if (!request.stream()) {
      Pacer.sleep(pacer.durationOf(Completions.completionTokens(answer)));
      send(exchange, 200, completions.completion(request, answer, created));
      return;
    }
    exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
    exchange.getResponseHeaders().set("Cache-Control", "no-cache");
    // Length 0 selects chunked transfer encoding, the only framing an open-ended stream can use.
    exchange.sendResponseHeaders(200, 0);
    try (OutputStream out = exchange.getResponseBody()) {
      completions.stream(out, request, answer, created, pacer);
    }
  }

  private void embed(HttpExchange exchange, byte[] body) throws IOException {
    byte[] answer;
    try {
      answer = embeddings.answer(parseJson(body), "hash-embedding-" + HashEmbeddings.DEFAULT_DIMS);
    } catch (InvalidRequestException e) {
      sendError(exchange, 400, "invalid_request_error", null, e.getMessage());
      return;
    }
    send(exchange, 200, answer);
  }

  private JsonNode parseJson(byte[] body) throws InvalidRequestException {
    try {
      return json.readTree(body);
    } catch (JsonProcessingException e) {
      throw new InvalidRequestException("The request body is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new InvalidRequestException("The request body cannot be read: " + e.getMessage());
    }
  }

  private boolean requireMethod(HttpExchange exchange, String method, String expected) throws IOException {
    if (expected.equals(method)) {
      return true;
    }
    exchange.getResponseHeaders().set("Allow", expected);
    sendError(exchange, 405, "invalid_request_error", "method_not_allowed", method + " is not allowed here");
    return false;
  }

  private void sendError(HttpExchange exchange, int status, String type, String code, String message)
      throws IOException {
    send(exchange, status, completions.error(type, code, message));
  }

  private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", JSON);
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private void failUnexpectedly(HttpExchange exchange, RuntimeException e) {
    if (exchange.getResponseCode() != -1) {
      return;
    }
    try {
      sendError(exchange, 500, "server_error", null, "Scripted model failure: " + e);
    } catch (IOException | RuntimeException ignored) {
      // The original failure is what matters; the connection is closed right after.
    }
  }

  /**
   * Runs the server standalone until the process is stopped. Arguments: {@code --port N}
   * (default 8290), {@code --host H}, {@code --latency-ms N}, {@code --tokens-per-second R} and
   * {@code --models a,b}; each also accepts the {@code --name=value} form.
   */
  public static void main(String[] args) throws InterruptedException {
    Options options;
    try {
      options = parseArgs(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println("usage: ScriptedModelServer [--port N] [--host H] [--latency-ms N]"
          + " [--tokens-per-second R] [--models a,b]");
      System.exit(2);
      return;
    }
    ScriptedModelServer server = start(options);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }, "scripted-model-shutdown"));
    System.out.println("Scripted model listening on " + server.baseUrl());
    stopped.await();
  }

  static Options parseArgs(String[] args) {
    Options options = Options.defaults().withPort(8290);
    for (int i = 0; i < args.length; i++) {
      String name = args[i];
      String value;
      int eq = name.indexOf('=');
      if (eq > 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      } else if (i + 1 < args.length) {
        value = args[++i];
      } else {
        throw new IllegalArgumentException("missing value for " + name);
      }
      try {
        options = switch (name) {
          case "--port" -> options.withPort(Integer.parseInt(value));
          case "--host" -> options.withHost(value);
          case "--latency-ms" -> options.withLatencyMillis(Long.parseLong(value));
          case "--tokens-per-second" -> options.withTokensPerSecond(Double.parseDouble(value));
          case "--models" -> options.withModels(Arrays.stream(value.split(","))
              .map(String::strip).filter(m -> !m.isEmpty()).toList());
          default -> throw new IllegalArgumentException("unknown option " + name);
        };
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("invalid number for " + name + ": " + value);
      }
    }
    return options;
  }

  /**
   * Server settings: {@code port} 0 picks an ephemeral port, {@code tokensPerSecond} 0 means
   * unlimited, and {@code models} are the ids listed by {@code /v1/models}.
   */
  public record Options(String host, int port, long latencyMillis, double tokensPerSecond, List<String> models) {
    /** Host the server binds to unless told otherwise. */
    public static final String DEFAULT_HOST = "127.0.0.1";
    /** Model id served unless told otherwise. */
    public static final String DEFAULT_MODEL = "scripted-model";

    /** Validates the settings; a null host or model list selects the default. */
    public Options {
      host = host == null || host.isBlank() ? DEFAULT_HOST : host;
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be within 0..65535");
      }
      if (latencyMillis < 0) {
        throw new IllegalArgumentException("latencyMillis must be >= 0");
      }
      if (!(tokensPerSecond >= 0) || Double.isInfinite(tokensPerSecond)) {
        throw new IllegalArgumentException("tokensPerSecond must be a finite number >= 0");
      }
      models = models == null || models.isEmpty() ? List.of(DEFAULT_MODEL) : List.copyOf(models);
    }

    /** Ephemeral port on 127.0.0.1, no latency, unlimited token rate, model {@code scripted-model}. */
    public static Options defaults() {
      return new Options(DEFAULT_HOST, 0, 0, 0, List.of(DEFAULT_MODEL));
    }

    /** A copy listening on {@code host}. */
    public Options withHost(String host) {
      return new Options(host, port, latencyMillis, tokensPerSecond, models);
    }

    /** A copy listening on {@code port}; 0 picks an ephemeral port. */
    public Options withPort(int port) {
      return new Options(host, port, latencyMillis, tokensPerSecond, models);
    }

    /** A copy with default latency {@code latencyMillis}. */
    public Options withLatencyMillis(long latencyMillis) {
      return new Options(host, port, latencyMillis, tokensPerSecond, models);
    }

    /** A copy generating {@code tokensPerSecond} tokens per second; 0 means unlimited. */
    public Options withTokensPerSecond(double tokensPerSecond) {
      return new Options(host, port, latencyMillis, tokensPerSecond, models);
    }

    /** A copy serving {@code models}; the first one answers requests that name no model. */
    public Options withModels(List<String> models) {
      return new Options(host, port, latencyMillis, tokensPerSecond, models);
    }
  }
}
