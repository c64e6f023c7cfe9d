package dev.engram.agentapi.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A test double of the internal APIs agent-api calls: memory-service's agent blocks (kept in
 * memory, with its 404/422 answers) and step-runner's message listing (which echoes the query it
 * got, so tests can see what was passed through). A test sets the compaction record step-runner answers for an
 * agent with {@code PUT /internal/agents/{id}/compactions} on the fake itself. tool-executor's
 * {@code POST /internal/tools/schema} runs tool-executor's real schema script ({@link #SCHEMA_SCRIPT}) with python3,
 * so tool schemas in agent-api tests are the ones production derives. tool-executor's {@code /internal/mcp-servers}
 * keeps servers in memory; a test sets the tools a server offers with {@code PUT /internal/mcp-servers/{id}/tools};
 * a server whose name starts with "down" answers 502 as an unreachable one does; a run answers the name and arguments.
 * step-runner's {@code GET /internal/agents/{id}/conversations/{conv}/in-context} answers the ids a test set with
 * {@code PUT} on the same path ([] before), a 500 when the test set {@code {"fail": "..."}}, or closes the
 * connection without an answer for {@code {"drop": true}}; its
 * {@code POST .../recompile} answers a prompt naming the query it got.
 */
public final class FakePeers implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** tool-executor's schema script, relative to agent-api's module directory where tests run. */
  static final java.nio.file.Path SCHEMA_SCRIPT =
      java.nio.file.Path.of("../tool-executor/src/main/resources/schema/tool_schema.py");

  private final HttpServer server;
  private final Map<String, List<ObjectNode>> blocksByAgent = new ConcurrentHashMap<>();
  private final Map<String, ObjectNode> blocksById = new ConcurrentHashMap<>();
  private final Map<String, JsonNode> compactionsByAgent = new ConcurrentHashMap<>();
  private final Map<String, JsonNode> pendingApprovalByAgent = new ConcurrentHashMap<>();
  private final Map<String, ObjectNode> mcpServers = new ConcurrentHashMap<>();
  private final Map<String, JsonNode> inContextByConversation = new ConcurrentHashMap<>();
  private final Map<String, JsonNode> mcpTools = new ConcurrentHashMap<>();

  private FakePeers(HttpServer server) {
    this.server = server;
  }

  /** Starts on an ephemeral port of 127.0.0.1. */
  public static FakePeers start() {
    try {
      HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
      FakePeers peers = new FakePeers(http);
      http.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
      http.createContext("/internal/agents/", peers::handle);
      http.createContext("/v1/", FakePeers::echo);
      http.createContext("/internal/tools/schema", FakePeers::schema);
      http.createContext("/internal/mcp-servers", peers::mcp);
      http.start();
      return peers;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Base URL of both fake services. */
  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }

  /** memory-service's public paths: answers what it received, so tests can see what agent-api forwarded. */
  private static void echo(HttpExchange exchange) throws IOException {
    try (exchange) {
      ObjectNode seen = JSON.createObjectNode()
          .put("method", exchange.getRequestMethod())
          .put("path", exchange.getRequestURI().getRawPath())
          .put("query", exchange.getRequestURI().getRawQuery())
          .put("body", new String(exchange.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
      send(exchange, exchange.getRequestURI().getPath().endsWith("/missing") ? 404 : 200, seen);
    }
  }

  /** tool-executor's schema endpoint: the real script behind a fake HTTP server. */
  private static void schema(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] request = exchange.getRequestBody().readAllBytes();
      Process python = new ProcessBuilder("python3", "-I", "-S", SCHEMA_SCRIPT.toAbsolutePath().toString())
          .redirectError(ProcessBuilder.Redirect.INHERIT).start();
      try (var stdin = python.getOutputStream()) {
        stdin.write(request);
      }
      JsonNode answer = JSON.readTree(python.getInputStream().readAllBytes());
      if (answer.hasNonNull("error")) {
        send(exchange, 400, detail(answer.get("error").asText()));
      } else {
        send(exchange, 200, answer.get("schema"));
      }
    }
  }

  /** tool-executor's MCP server API, in memory (see the class comment). */
  private void mcp(HttpExchange exchange) throws IOException {
    try (exchange) {
      String rest = exchange.getRequestURI().getPath().substring("/internal/mcp-servers".length());
      String[] path = rest.isEmpty() || rest.equals("/") ? new String[0] : rest.substring(1).split("/");
      String method = exchange.getRequestMethod();
      byte[] body = exchange.getRequestBody().readAllBytes();
      if (path.length == 0 && method.equals("POST")) {
        ObjectNode server = JSON.createObjectNode().put("id", "mcp_server-" + UUID.randomUUID());
        JsonNode request = JSON.readTree(body);
        server.put("server_name", request.path("server_name").asText());
        server.put("mcp_server_type", request.at("/config/mcp_server_type").asText());
        mcpServers.put(server.get("id").asText(), server);
        send(exchange, 200, server);
        return;
      }
      if (path.length == 0) {
        send(exchange, 200, JSON.valueToTree(mcpServers.values()));
        return;
      }
      ObjectNode server = mcpServers.get(path[0]);
      if (path.length == 2 && method.equals("PUT")) {
        mcpTools.put(path[0], JSON.readTree(body));
        exchange.sendResponseHeaders(204, -1);
      } else if (server == null) {
        send(exchange, 404, detail("MCP server not found: " + path[0]));
      } else if (path.length == 1 && method.equals("GET")) {
        send(exchange, 200, server);
      } else if (path.length == 1 && method.equals("DELETE")) {
        mcpServers.remove(path[0]);
        exchange.sendResponseHeaders(204, -1);
      } else if (server.get("server_name").asText().startsWith("down")) {
        send(exchange, 502, detail("MCP server '" + server.get("server_name").asText() + "' failed: Connection refused"));
      } else if (path.length == 2 && method.equals("GET")) {
        send(exchange, 200, mcpTools.getOrDefault(path[0], JSON.createArrayNode()));
      } else if (path.length == 4 && method.equals("POST")) {
        send(exchange, 200, JSON.createObjectNode().put("status", "success")
            .put("func_return", path[2] + " ran with " + JSON.readTree(body).path("args")));
      } else {
        send(exchange, 405, detail("not faked: " + method + " " + rest));
      }
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String[] path = exchange.getRequestURI().getPath().substring("/internal/agents/".length()).split("/");
      String method = exchange.getRequestMethod();
      String agentId = path[0];
      byte[] body = exchange.getRequestBody().readAllBytes();
      if (path.length == 1 && method.equals("DELETE")) {
        blocksByAgent.remove(agentId);
        exchange.sendResponseHeaders(204, -1);
      } else if (path.length == 2 && path[1].equals("messages") && method.equals("GET")) {
        ArrayNode page = JSON.createArrayNode();
        page.addObject().put("message_type", "system_message").put("id", "message-" + UUID.randomUUID())
            .put("date", "2026-01-01T00:00:00+00:00").put("content", exchange.getRequestURI().getQuery());
        page.addObject().put("message_type", "user_message").put("id", "message-" + UUID.randomUUID())
            .put("date", "2026-01-01T00:00:01+00:00").put("content", "hi");
        page.addObject().put("message_type", "assistant_message").put("id", "message-" + UUID.randomUUID())
            .put("date", "2026-01-01T00:00:01+00:00").put("content", "hello");
        send(exchange, 200, page);
      } else if (path.length == 4 && path[1].equals("conversations") && path[3].equals("in-context")) {
        String key = agentId + "/" + path[2];
        if (method.equals("PUT")) {
          inContextByConversation.put(key, JSON.readTree(body));
          exchange.sendResponseHeaders(204, -1);
          return;
        }
        JsonNode ids = inContextByConversation.getOrDefault(key, JSON.createArrayNode());
        if (ids.has("drop")) {
          // As an unreachable step-runner: the exchange closes (below) before any answer, which drops the connection.
          return;
        }
        if (ids.has("fail")) {
          send(exchange, 500, detail(ids.get("fail").asText()));
        } else {
          send(exchange, 200, ids);
        }
      } else if (path.length == 2 && path[1].equals("recompile") && method.equals("POST")) {
        send(exchange, 200, JSON.getNodeFactory().textNode("<system>recompiled " + exchange.getRequestURI().getQuery()
            + " for " + JSON.readTree(body).path("llm_config").path("handle").asText() + "</system>"));
      } else if (path.length == 2 && path[1].equals("compactions") && method.equals("PUT")) {
        // Test setup: what step-runner's compaction record of this agent's next summarize run holds.
        compactionsByAgent.put(agentId, JSON.readTree(body));
        exchange.sendResponseHeaders(204, -1);
      } else if (path.length == 2 && path[1].equals("compactions") && method.equals("GET")) {
        JsonNode recorded = compactionsByAgent.get(agentId);
        if (recorded == null) {
          send(exchange, 404, detail("No compaction for run " + exchange.getRequestURI().getQuery()));
        } else {
          send(exchange, 200, recorded);
        }
      } else if (path.length == 2 && path[1].equals("pending-approval") && method.equals("PUT")) {
        // Test setup: the approval request step-runner says the agent waits on.
        pendingApprovalByAgent.put(agentId, JSON.readTree(body));
        exchange.sendResponseHeaders(204, -1);
      } else if (path.length == 2 && path[1].equals("pending-approval") && method.equals("GET")) {
        JsonNode waiting = pendingApprovalByAgent.get(agentId);
        if (waiting == null) {
          send(exchange, 404, detail("Agent " + agentId + " has no pending approval request"));
        } else {
          send(exchange, 200, waiting);
        }
      } else if (path.length == 2 && path[1].equals("blocks") && method.equals("POST")) {
        attach(exchange, agentId, JSON.readTree(body));
      } else if (path.length == 2 && path[1].equals("blocks") && method.equals("GET")) {
        send(exchange, 200, JSON.valueToTree(blocksByAgent.getOrDefault(agentId, List.of())));
      } else if (path.length == 3 && path[1].equals("blocks")) {
        ObjectNode block = blocksByAgent.getOrDefault(agentId, List.of()).stream()
            .filter(b -> b.path("label").asText().equals(path[2])).findFirst().orElse(null);
        if (block == null) {
          send(exchange, 404, detail("Block with label '" + path[2] + "' not found"));
        } else if (method.equals("PATCH")) {
          JsonNode update = JSON.readTree(body);
          update.fields().forEachRemaining(f -> {
            if (!f.getValue().isNull()) {
              block.set(f.getKey(), f.getValue());
            }
          });
          send(exchange, 200, block);
        } else {
          send(exchange, 200, block);
        }
      } else {
        send(exchange, 404, detail("Not Found"));
      }
    }
  }

  private void attach(HttpExchange exchange, String agentId, JsonNode request) throws IOException {
    List<ObjectNode> attached = new CopyOnWriteArrayList<>();
    JsonNode blocks = request.path("blocks");
    for (int i = 0; i < blocks.size(); i++) {
      JsonNode b = blocks.get(i);
      for (String field : List.of("label", "value")) {
        if (!b.path(field).isTextual()) {
          send(exchange, 422, detail("blocks." + i + "." + field + ": Field required"));
          return;
        }
      }
      ObjectNode block = JSON.createObjectNode();
      block.put("id", "block-" + UUID.randomUUID()).put("label", b.get("label").asText())
          .put("value", b.get("value").asText()).put("limit", b.path("limit").asInt(100000))
          .put("read_only", b.path("read_only").asBoolean(false)).put("is_template", false);
      if (b.hasNonNull("description")) {
        block.put("description", b.get("description").asText());
      }
      block.set("metadata", JSON.createObjectNode());
      block.set("tags", JSON.createArrayNode());
      blocksById.put(block.get("id").asText(), block);
      attached.add(block);
    }
    for (JsonNode id : request.path("block_ids")) {
      ObjectNode block = blocksById.get(id.asText());
      if (block == null) {
        send(exchange, 404, detail("Block not found: " + id.asText()));
        return;
      }
      attached.add(block);
    }
    blocksByAgent.computeIfAbsent(agentId, a -> new CopyOnWriteArrayList<>()).addAll(attached);
    send(exchange, 200, JSON.valueToTree(attached));
  }

  private static ObjectNode detail(String text) {
    return JSON.createObjectNode().put("detail", text);
  }

  private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }
}
