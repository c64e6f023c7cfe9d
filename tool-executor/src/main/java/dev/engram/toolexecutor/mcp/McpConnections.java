package dev.engram.toolexecutor.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientSseClientTransport;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.quarkus.logging.Log;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * One live MCP session per server, opened on first use and shared by every call to that server (a stdio server is
 * one child process for the life of the session). A session is replaced when its server's config changes, closed
 * when the server is deleted, a call fails at the transport level (not when one request times out) or it sat idle
 * for {@code idle-timeout}, and all
 * are closed at shutdown.
 */
@ApplicationScoped
public class McpConnections {
  private static final McpJsonMapper JSON = new JacksonMcpJsonMapper(new ObjectMapper());
  private static final McpSchema.Implementation CLIENT_INFO = new McpSchema.Implementation("engram-tool-executor",
      "0.1.0");

  /** A live session, the config version it was opened with and when it was last used (nanoTime). */
  private record Session(McpSyncClient client, Instant version, AtomicLong lastUsed) {
  }

  private final McpConfig config;
  private final McpUrlGuard guard;
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final Map<String, Object> locks = new ConcurrentHashMap<>();
  private final ScheduledExecutorService reaper = Executors.newSingleThreadScheduledExecutor(
      Thread.ofVirtual().name("mcp-idle-reaper").factory());

  McpConnections(McpConfig config, McpUrlGuard guard) {
    this.config = config;
    this.guard = guard;
  }

  @PostConstruct
  void startReaper() {
    long period = Math.max(1, config.idleTimeout().toSeconds() / 4);
    reaper.scheduleWithFixedDelay(() -> closeIdle(config.idleTimeout()), period, period, TimeUnit.SECONDS);
  }

  /** Closes the sessions unused for {@code idle} or longer; answers how many. */
  int closeIdle(Duration idle) {
    long now = System.nanoTime();
    int closed = 0;
    for (Map.Entry<String, Session> entry : sessions.entrySet()) {
      if (now - entry.getValue().lastUsed().get() >= idle.toNanos()) {
        close(entry.getKey(), entry.getValue());
        closed++;
      }
    }
    return closed;
  }

  /**
   * Runs {@code request} on the session of {@code server}, opening one if needed. A failure closes the session (the
   * next request reconnects) and surfaces as {@link McpConnectionException}; {@code retry} re-runs a request that
   * failed on a session opened earlier once on a fresh session (only for requests without side effects).
   */
  public <T> T request(McpServer server, boolean retry, Function<McpSyncClient, T> request) {
    boolean reused = sessions.containsKey(server.id());
    try {
      return attempt(server, request);
    } catch (McpConnectionException first) {
      // Only a session opened earlier may have gone stale; a fresh one that failed would fail again.
      if (!retry || !reused) {
        throw first;
      }
      return attempt(server, request);
    }
  }

  private <T> T attempt(McpServer server, Function<McpSyncClient, T> request) {
    Session session = session(server);
    try {
      session.lastUsed().set(System.nanoTime());
      return request.apply(session.client());
    } catch (McpError answered) {
      // The server answered with a JSON-RPC error: the session is fine.
      throw answered;
    } catch (RuntimeException e) {
      // A request that timed out leaves a working session (a slow tool); only other failures mean the transport
      // broke, and closing the shared session then also fails the other calls on it.
      if (!timedOut(e)) {
        close(server.id(), session);
      }
      throw failure(server, e);
    }
  }

  private static boolean timedOut(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof TimeoutException) {
        return true;
      }
    }
    return false;
  }

  /** Closes the session of a server whose config changed or that was deleted. */
  public void evict(String serverId) {
    Session session = sessions.get(serverId);
    if (session != null) {
      close(serverId, session);
    }
  }

  @PreDestroy
  void closeAll() {
    reaper.shutdownNow();
    sessions.forEach(this::close);
  }

  private Session session(McpServer server) {
    Session current = sessions.get(server.id());
    if (current != null && current.version().equals(server.updatedAt())) {
      return current;
    }
    synchronized (locks.computeIfAbsent(server.id(), id -> new Object())) {
      current = sessions.get(server.id());
      if (current != null && current.version().equals(server.updatedAt())) {
        return current;
      }
      if (current != null) {
        close(server.id(), current);
      }
      Session opened = new Session(connect(server), server.updatedAt(), new AtomicLong(System.nanoTime()));
      sessions.put(server.id(), opened);
      return opened;
    }
  }

  private McpSyncClient connect(McpServer server) {
    McpSyncClient client = McpClient.sync(transport(server))
        .clientInfo(CLIENT_INFO)
        .requestTimeout(config.requestTimeout())
        .initializationTimeout(config.connectTimeout())
        .build();
    try {
      client.initialize();
      return client;
    } catch (RuntimeException e) {
      client.close();
      throw failure(server, e);
    }
  }

  private McpClientTransport transport(McpServer server) {
    if (!server.remote()) {
      if (!config.allowStdio()) {
        throw new McpConnectionException("stdio MCP servers are disabled in this deployment "
            + "(engram.tool-executor.mcp.allow-stdio)", null);
      }
      StdioClientTransport stdio = new IsolatedStdioTransport(ServerParameters.builder(server.command())
          .args(server.args() == null ? List.of() : server.args())
          .env(server.env() == null ? Map.of() : server.env())
          .build());
      String name = server.serverName();
      stdio.setStdErrorHandler(line -> Log.debugf("MCP server %s stderr: %s", name, line));
      return stdio;
    }
    // Checked again at every connect: the name may resolve elsewhere than when the server was registered.
    URI uri = guard.check(server.serverUrl());
    String base = uri.getScheme() + "://" + uri.getRawAuthority();
    String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
        + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    Map<String, String> headers = McpHeaders.of(server);
    java.util.function.Consumer<HttpRequest.Builder> addHeaders = b -> headers.forEach(b::header);
    // Never follow redirects: a redirect could lead past the URL guard.
    java.util.function.Consumer<HttpClient.Builder> noRedirects = b -> b.followRedirects(HttpClient.Redirect.NEVER);
    if (McpServer.SSE.equals(server.serverType())) {
      return HttpClientSseClientTransport.builder(base).sseEndpoint(path).jsonMapper(JSON)
          .connectTimeout(config.connectTimeout()).customizeClient(noRedirects).customizeRequest(addHeaders).build();
    }
    return HttpClientStreamableHttpTransport.builder(base).endpoint(path).jsonMapper(JSON)
        .connectTimeout(config.connectTimeout()).customizeClient(noRedirects).customizeRequest(addHeaders).build();
  }

  private void close(String serverId, Session session) {
    if (sessions.remove(serverId, session)) {
      try {
        session.client().closeGracefully();
      } catch (RuntimeException e) {
        Log.debugf(e, "Closing the MCP session of %s failed", serverId);
        session.client().close();
      }
    }
  }

  private static McpConnectionException failure(McpServer server, RuntimeException e) {
    if (e instanceof McpConnectionException known) {
      return known;
    }
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String why = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return new McpConnectionException("MCP server '" + server.serverName() + "' (" + server.serverType()
        + ") failed: " + why, e);
  }

  /** The SDK's stdio transport with a clean environment: the child gets its env and the basics, not our secrets. */
  private static final class IsolatedStdioTransport extends StdioClientTransport {
    IsolatedStdioTransport(ServerParameters params) {
      super(params, JSON);
    }

    @Override
    protected ProcessBuilder getProcessBuilder() {
      ProcessBuilder builder = super.getProcessBuilder();
      builder.environment().clear();
      return builder;
    }
  }
}
