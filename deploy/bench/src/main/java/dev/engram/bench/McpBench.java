package dev.engram.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engram.local.Platform;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * MCP call overhead: a trivial tool ({@code mcp_echo}) of a real MCP server (the TypeScript MCP SDK server of the
 * e2e scripts, {@code deploy/e2e/sdk/mcp-test-server.mjs}) over stdio and over streamable HTTP, called through
 * agent-api's {@code /v1/mcp-servers/{id}/tools/{tool}/run} and directly on tool-executor's internal API.
 */
public final class McpBench {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOKEN = "Bearer bench-token";
  private static final String SUFFIX = "_bench";

  /** The figures of one transport: the first call (opens the session), and the timed calls on both paths. */
  public record TransportResult(String transport, long firstCallNanos, LatencyStats viaApi, LatencyStats direct,
      int errors) {
  }

  private final Platform platform;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  McpBench(Platform platform) {
    this.platform = platform;
  }

  /** Runs both transports; needs node and {@code npm ci} done in deploy/e2e/sdk (done here when missing). */
  public List<TransportResult> run(Path root, int warmup, int iterations) throws Exception {
    Path sdk = root.resolve("deploy/e2e/sdk");
    if (!Files.isDirectory(sdk.resolve("node_modules/@modelcontextprotocol/sdk"))) {
      Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(sdk.toFile())
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0) {
        throw new IllegalStateException("npm ci in " + sdk + " failed; the MCP benchmark needs its MCP SDK");
      }
    }
    Path script = sdk.resolve("mcp-test-server.mjs");
    String node = "node";
    ProcessBuilder httpServer = new ProcessBuilder(node, script.toString(), SUFFIX + "h", "--http")
        .directory(sdk.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD);
    httpServer.environment().put("MCP_TOKEN", TOKEN);
    Process served = httpServer.start();
    try {
      String url = new BufferedReader(new InputStreamReader(served.getInputStream(), StandardCharsets.UTF_8))
          .readLine();
      if (url == null || !url.startsWith("http")) {
        throw new IllegalStateException("the HTTP MCP server did not start");
      }
      String nodePath = which(node);
      Map<String, Object> stdioConfig = new LinkedHashMap<>();
      stdioConfig.put("mcp_server_type", "stdio");
      stdioConfig.put("command", nodePath);
      stdioConfig.put("args", List.of(script.toString(), SUFFIX + "s"));
      Map<String, Object> httpConfig = new LinkedHashMap<>();
      httpConfig.put("mcp_server_type", "streamable_http");
      httpConfig.put("server_url", url);
      httpConfig.put("auth_token", TOKEN);
      return List.of(
          measure("stdio (node server)", stdioConfig, "mcp_echo" + SUFFIX + "s", warmup, iterations),
          measure("streamable HTTP (node server)", httpConfig, "mcp_echo" + SUFFIX + "h", warmup, iterations));
    } finally {
      served.destroy();
      served.waitFor(5, TimeUnit.SECONDS);
    }
  }

  private TransportResult measure(String transport, Map<String, Object> config, String toolName, int warmup,
      int iterations) throws Exception {
    String api = platform.apiUrl();
    JsonNode server = send("POST", api + "/v1/mcp-servers/",
        Map.of("server_name", "bench-" + toolName + "-" + System.nanoTime(), "config", config));
    String serverId = server.get("id").asText();
    try {
      String toolId = null;
      for (JsonNode tool : send("GET", api + "/v1/mcp-servers/" + serverId + "/tools", null)) {
        if (tool.get("name").asText().equals(toolName)) {
          toolId = tool.get("id").asText();
        }
      }
      if (toolId == null) {
        throw new IllegalStateException("the server does not list " + toolName);
      }
      // Listing opened the session; close it by an update so the first call below opens a fresh one.
      send("PATCH", api + "/v1/mcp-servers/" + serverId, Map.of("config", Map.of("mcp_server_type",
          config.get("mcp_server_type"))));
      String viaApi = api + "/v1/mcp-servers/" + serverId + "/tools/" + toolId + "/run";
      String direct = platform.url(Platform.Service.TOOL_EXECUTOR) + "/internal/mcp-servers/" + serverId + "/tools/"
          + toolName + "/run";
      Map<String, Object> body = Map.of("args", Map.of("text", "x"));
      long start = System.nanoTime();
      int errors = check(send("POST", viaApi, body));
      long first = System.nanoTime() - start;
      for (int i = 0; i < warmup; i++) {
        errors += check(send("POST", viaApi, body)) + check(send("POST", direct, body));
      }
      long[] apiNanos = new long[iterations];
      long[] directNanos = new long[iterations];
      for (int i = 0; i < iterations; i++) {
        start = System.nanoTime();
        errors += check(send("POST", viaApi, body));
        apiNanos[i] = System.nanoTime() - start;
        start = System.nanoTime();
        errors += check(send("POST", direct, body));
        directNanos[i] = System.nanoTime() - start;
      }
      return new TransportResult(transport, first, LatencyStats.of(apiNanos), LatencyStats.of(directNanos), errors);
    } finally {
      send("DELETE", api + "/v1/mcp-servers/" + serverId, null);
    }
  }

  private static int check(JsonNode result) {
    return "success".equals(result.path("status").asText()) && "echo: x".equals(result.path("func_return").asText())
        ? 0 : 1;
  }

  private JsonNode send(String method, String url, Object body) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
        .header("Content-Type", "application/json");
    request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() >= 300) {
      throw new IllegalStateException(method + " " + url + " answered " + response.statusCode() + ": "
          + response.body());
    }
    return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
  }

  private static String which(String command) throws IOException, InterruptedException {
    Process which = new ProcessBuilder("sh", "-c", "command -v " + command).start();
    String path = new String(which.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    which.waitFor();
    if (path.isEmpty()) {
      throw new IllegalStateException(command + " is not on the PATH; the MCP benchmark needs Node.js");
    }
    return path;
  }
}
