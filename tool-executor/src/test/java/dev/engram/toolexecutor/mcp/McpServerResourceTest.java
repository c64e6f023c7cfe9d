package dev.engram.toolexecutor.mcp;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.nullValue;

import dev.engram.contracts.Ids;
import dev.engram.contracts.api.ToolDefinition;
import dev.engram.contracts.events.EventTopics;
import dev.engram.contracts.events.ToolCallFailed;
import dev.engram.contracts.events.ToolCallRequested;
import dev.engram.contracts.events.ToolCallSucceeded;
import dev.engram.contracts.events.ToolResultEvent;
import dev.engram.local.EngramInfraTestResource;
import dev.engram.platform.db.Sql;
import dev.engram.toolexecutor.ToolCallTopics;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * MCP servers end to end with real MCP servers built with the SDK's server side: one over stdio (a child process),
 * one over streamable HTTP (embedded Tomcat, bearer token required). Registration, masking, tool listing, tool runs
 * over REST and over the Kafka tool-call flow, session reuse, SSRF refusals and unreachable servers.
 */
@QuarkusTest
@QuarkusTestResource(value = EngramInfraTestResource.class,
    initArgs = @ResourceArg(name = EngramInfraTestResource.DATABASE_ARG, value = "tool_executor"))
class McpServerResourceTest {
  private static HttpTestMcpServer http;
  private static HttpTestMcpServer sse;

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrapServers;

  @Inject
  Sql sql;

  @Inject
  McpToolExecutor tools;

  @Inject
  McpConnections connections;

  @BeforeAll
  static void startHttpServer() throws Exception {
    http = new HttpTestMcpServer(false);
    sse = new HttpTestMcpServer(true);
  }

  @AfterAll
  static void stopHttpServer() throws Exception {
    http.close();
    sse.close();
  }

  @Test
  void stdioServerListsAndRunsItsToolsWithItsEnvironmentWhichStaysMasked() {
    String id = createStdio("stdio-" + Ids.newId("s"), Map.of("MCP_TEST_SECRET", "env-secret-value"));

    given().get("/internal/mcp-servers/" + id).then().statusCode(200)
        .body("mcp_server_type", equalTo("stdio"))
        .body("command", equalTo(StdioTestMcpServer.commandLine().get(0)))
        .body("env.MCP_TEST_SECRET", equalTo(McpServerView.MASK));
    assertThat(given().get("/internal/mcp-servers").asString()).doesNotContain("env-secret-value");

    given().get("/internal/mcp-servers/" + id + "/tools").then().statusCode(200)
        .body("name", hasItems("echo", "add", "fail", "whoami"))
        .body("find { it.name == 'add' }.input_schema.required", hasItems("a", "b"))
        .body("find { it.name == 'echo' }.description", equalTo("Repeats the text it is given."));

    run(id, "add", Map.of("a", 40, "b", 2)).then().statusCode(200)
        .body("status", equalTo("success")).body("func_return", equalTo("42"));
    String whoami = run(id, "whoami", Map.of()).then().statusCode(200).extract().path("func_return");
    assertThat(whoami).endsWith(" env-secret-value");
    // Only the server's own env (and PATH, HOME...) reaches it, not the rest of tool-executor's environment.
    assertThat(System.getenv("JAVA_HOME")).isNotNull();
    run(id, "whoami", Map.of("variable", "JAVA_HOME")).then().body("func_return", endsWith(" null"));
  }

  @Test
  void secretsAreEncryptedAtRestAndMaskedEverywhere() {
    String name = "http-" + Ids.newId("s");
    String id = createHttp(name, HttpTestMcpServer.TOKEN);

    given().get("/internal/mcp-servers/" + id).then().statusCode(200)
        .body("mcp_server_type", equalTo("streamable_http"))
        .body("server_url", equalTo(http.url()))
        .body("auth_header", equalTo("Authorization"))
        .body("auth_token", equalTo(McpServerView.MASK))
        .body("custom_headers.X-Team", equalTo(McpServerView.MASK))
        .body("env", nullValue());
    String stored = sql.queryOne("SELECT secrets FROM mcp_servers WHERE id = ?", rs -> rs.getString(1), id)
        .orElseThrow();
    assertThat(stored).startsWith("v1:").doesNotContain("s3cr3t").doesNotContain("team-a");

    // The stored token reaches the server (it answers 401 without it); a masked token sent back keeps it.
    run(id, "echo", Map.of("text", "hi")).then().statusCode(200).body("func_return", equalTo("echo: hi"));
    given().contentType(ContentType.JSON).body(Map.of("server_name", name + "-renamed", "config",
            Map.of("mcp_server_type", "streamable_http", "auth_token", McpServerView.MASK)))
        .patch("/internal/mcp-servers/" + id).then().statusCode(200)
        .body("server_name", equalTo(name + "-renamed")).body("auth_token", equalTo(McpServerView.MASK));
    run(id, "echo", Map.of("text", "again")).then().statusCode(200).body("func_return", equalTo("echo: again"));

    // A wrong token is the server's refusal: a 502 naming the server, not a 500.
    given().contentType(ContentType.JSON).body(Map.of("config",
            Map.of("mcp_server_type", "streamable_http", "auth_token", "Bearer wrong")))
        .patch("/internal/mcp-servers/" + id).then().statusCode(200);
    given().get("/internal/mcp-servers/" + id + "/tools").then().statusCode(502)
        .body("error.type", equalTo("mcp_connection_error"))
        .body("detail", containsString(name + "-renamed"));
  }

  @Test
  void httpServerToolsRunAndAFailingToolIsAnErrorResult() {
    String id = createHttp("http-" + Ids.newId("s"), HttpTestMcpServer.TOKEN);

    given().get("/internal/mcp-servers/" + id + "/tools").then().statusCode(200)
        .body("name", hasItems("echo", "add", "fail"));
    run(id, "fail", Map.of()).then().statusCode(200)
        .body("status", equalTo("error")).body("func_return", equalTo("the tool failed on purpose"));
    run(id, "no_such_tool", Map.of()).then().statusCode(200).body("status", equalTo("error"));
    // The session survived the server's JSON-RPC error.
    run(id, "add", Map.of("a", 1, "b", 2)).then().statusCode(200).body("func_return", equalTo("3"));
  }

  @Test
  void sseServerListsAndRunsItsTools() {
    String id = given().contentType(ContentType.JSON).body(Map.of("server_name", "sse-" + Ids.newId("s"), "config",
            Map.of("mcp_server_type", "sse", "server_url", sse.url(), "auth_token", HttpTestMcpServer.TOKEN)))
        .post("/internal/mcp-servers").then().statusCode(200).body("mcp_server_type", equalTo("sse"))
        .body("auth_token", equalTo(McpServerView.MASK)).extract().path("id");

    given().get("/internal/mcp-servers/" + id + "/tools").then().statusCode(200).body("name", hasItems("echo", "add"));
    run(id, "echo", Map.of("text", "over sse")).then().statusCode(200).body("func_return", equalTo("echo: over sse"));
  }

  @Test
  void agentToolCallsReachTheServerOverKafkaAndFailuresComeBackAsErrorReturns() {
    String stdio = createStdio("stdio-" + Ids.newId("s"), Map.of());
    String remote = createHttp("http-" + Ids.newId("s"), HttpTestMcpServer.TOKEN);
    try (ToolCallTopics topics = new ToolCallTopics(bootstrapServers)) {
      ToolCallRequested viaStdio = request(stdio, "echo", "{\"text\": \"over stdio\"}");
      ToolCallRequested viaHttp = request(remote, "add", "{\"a\": 20, \"b\": 22}");
      ToolCallRequested failing = request(remote, "fail", "{}");
      ToolCallRequested gone = request("mcp_server-" + java.util.UUID.randomUUID(), "echo", "{\"text\": \"x\"}");
      List.of(viaStdio, viaHttp, failing, gone).forEach(topics::send);

      assertThat(succeeded(topics, viaStdio).toolReturn()).isEqualTo("echo: over stdio");
      assertThat(succeeded(topics, viaHttp).toolReturn()).isEqualTo("42");
      assertThat(failed(topics, failing).error()).contains("the tool failed on purpose");
      assertThat(failed(topics, gone).error()).contains("no longer exists");
    }
  }

  @Test
  void stdioSessionIsReusedAcrossCallsAndItsProcessStopsWhenTheServerIsDeleted() {
    String id = createStdio("stdio-" + Ids.newId("s"), Map.of("MCP_TEST_SECRET", "one"));
    long pid = pid(id);
    assertThat(pid(id)).isEqualTo(pid);

    given().contentType(ContentType.JSON).body(Map.of("config",
            Map.of("mcp_server_type", "stdio", "env", Map.of("MCP_TEST_SECRET", "two"))))
        .patch("/internal/mcp-servers/" + id).then().statusCode(200);
    assertThat(run(id, "whoami", Map.of()).then().extract().<String>path("func_return")).endsWith(" two");
    long restarted = pid(id);
    assertThat(restarted).isNotEqualTo(pid);
    await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));

    given().delete("/internal/mcp-servers/" + id).then().statusCode(204);
    await().atMost(Duration.ofSeconds(10))
        .until(() -> ProcessHandle.of(restarted).map(p -> !p.isAlive()).orElse(true));
    given().get("/internal/mcp-servers/" + id).then().statusCode(404);
  }

  @Test
  void aCallThatTimesOutIsAnErrorAndLeavesTheSharedSessionOpen() {
    String id = createStdio("slow-" + Ids.newId("s"), Map.of());
    long pid = pid(id);

    // The test profile's request timeout is 5 s: the call fails, the server process (and session) stays.
    run(id, "sleep", Map.of("millis", 8000)).then().statusCode(200).body("status", equalTo("error"));
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).contains(true);
    assertThat(pid(id)).as("the next call uses the same session").isEqualTo(pid);
  }

  @Test
  void anIdleStdioSessionIsClosedAndTheNextCallStartsTheServerAgain() {
    String id = createStdio("idle-" + Ids.newId("s"), Map.of());
    long pid = pid(id);

    assertThat(connections.closeIdle(Duration.ofHours(1))).isZero();
    assertThat(pid(id)).isEqualTo(pid);
    assertThat(connections.closeIdle(Duration.ZERO)).isPositive();
    await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
    assertThat(pid(id)).isNotEqualTo(pid);
  }

  @Test
  void urlsOfLinkLocalAndMetadataAddressesAreRefused() {
    for (String url : List.of("http://169.254.169.254/latest/meta-data/", "http://[fe80::1]:8080/mcp",
        "http://metadata.google.internal/computeMetadata/v1/", "http://100.100.100.200/", "file:///etc/passwd",
        "http://user:pw@example.com/mcp")) {
      given().contentType(ContentType.JSON).body(Map.of("server_name", "ssrf-" + Ids.newId("s"), "config",
              Map.of("mcp_server_type", "sse", "server_url", url)))
          .post("/internal/mcp-servers").then().statusCode(400).body("detail", containsString("server_url"));
    }
  }

  @Test
  void unreachableServerIsA502WithTheMcpConnectionErrorShape() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    String id = given().contentType(ContentType.JSON).body(Map.of("server_name", "down-" + Ids.newId("s"), "config",
            Map.of("mcp_server_type", "streamable_http", "server_url", "http://127.0.0.1:" + closedPort + "/mcp")))
        .post("/internal/mcp-servers").then().statusCode(200).extract().path("id");

    given().get("/internal/mcp-servers/" + id + "/tools").then().statusCode(502)
        .body("error.type", equalTo("mcp_connection_error"))
        .body("detail", containsString("down-"));
    run(id, "echo", Map.of("text", "x")).then().statusCode(200).body("status", equalTo("error"));

    String stdio = given().contentType(ContentType.JSON).body(Map.of("server_name", "nocmd-" + Ids.newId("s"),
            "config", Map.of("mcp_server_type", "stdio", "command", "/nonexistent/mcp-server", "args", List.of())))
        .post("/internal/mcp-servers").then().statusCode(200).extract().path("id");
    given().get("/internal/mcp-servers/" + stdio + "/tools").then().statusCode(502)
        .body("error.type", equalTo("mcp_connection_error"));
  }

  @Test
  void badConfigsAreClientErrors() {
    given().contentType(ContentType.JSON).body(Map.of("server_name", "x", "config", Map.of("mcp_server_type", "ftp")))
        .post("/internal/mcp-servers").then().statusCode(422);
    given().contentType(ContentType.JSON).body(Map.of("server_name", "x", "config", Map.of("mcp_server_type", "stdio")))
        .post("/internal/mcp-servers").then().statusCode(400).body("detail", containsString("command"));
    String name = "dup-" + Ids.newId("s");
    createStdio(name, Map.of());
    given().contentType(ContentType.JSON).body(Map.of("server_name", name, "config",
            Map.of("mcp_server_type", "stdio", "command", "true", "args", List.of())))
        .post("/internal/mcp-servers").then().statusCode(409);
    given().get("/internal/mcp-servers/mcp_server-00000000-0000-4000-8000-000000000000").then().statusCode(404);
  }

  /**
   * Prints the cost of one call of a trivial tool as an agent's tool call pays it inside tool-executor (server
   * lookup, secret decryption, the MCP round trip on the shared session), and of opening a session.
   */
  @Test
  void measuresTheCallOverheadOfATrivialToolOverStdioAndHttp() {
    String stdio = createStdio("bench-stdio-" + Ids.newId("s"), Map.of());
    String remote = createHttp("bench-http-" + Ids.newId("s"), HttpTestMcpServer.TOKEN);
    for (String id : List.of(stdio, remote)) {
      String transport = id.equals(stdio) ? "stdio (JVM server)" : "streamable HTTP";
      long open = System.nanoTime();
      assertThat(tools.run(id, "echo", Map.of("text", "warm-up")).ok()).isTrue();
      long openMicros = (System.nanoTime() - open) / 1000;
      List<Long> micros = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        long start = System.nanoTime();
        assertThat(tools.run(id, "echo", Map.of("text", "x")).toolReturn()).isEqualTo("echo: x");
        micros.add((System.nanoTime() - start) / 1000);
      }
      micros.sort(null);
      System.out.printf("MCP call over %s (300 calls on one session): p50 %.2f ms, p95 %.2f ms; "
              + "first call incl. opening the session %.0f ms%n", transport, micros.get(150) / 1000.0,
          micros.get(285) / 1000.0, openMicros / 1000.0);
    }
  }

  private long pid(String id) {
    String whoami = run(id, "whoami", Map.of()).then().statusCode(200).extract().path("func_return");
    return Long.parseLong(whoami.substring(0, whoami.indexOf(' ')));
  }

  private static String createStdio(String name, Map<String, String> env) {
    List<String> line = StdioTestMcpServer.commandLine();
    return given().contentType(ContentType.JSON).body(Map.of("server_name", name, "config", Map.of(
            "mcp_server_type", "stdio", "command", line.get(0), "args", line.subList(1, line.size()), "env", env)))
        .post("/internal/mcp-servers").then().statusCode(200).extract().path("id");
  }

  private static String createHttp(String name, String token) {
    return given().contentType(ContentType.JSON).body(Map.of("server_name", name, "config", Map.of(
            "mcp_server_type", "streamable_http", "server_url", http.url(), "auth_header", "Authorization",
            "auth_token", token, "custom_headers", Map.of("X-Team", "team-a"))))
        .post("/internal/mcp-servers").then().statusCode(200).extract().path("id");
  }

  private static io.restassured.response.Response run(String id, String tool, Map<String, Object> args) {
    return given().contentType(ContentType.JSON).body(Map.of("args", args))
        .post("/internal/mcp-servers/" + id + "/tools/" + tool + "/run");
  }

  private static ToolCallRequested request(String serverId, String tool, String arguments) {
    String stepId = Ids.newId(Ids.STEP);
    String callId = "call_" + Ids.newId("c");
    ToolDefinition definition = new ToolDefinition(Ids.newId(Ids.TOOL), tool, null, ToolDefinition.EXTERNAL_MCP,
        Map.of(), 50000, null, null, serverId);
    return new ToolCallRequested(Ids.newId(Ids.EVENT), Ids.newId(Ids.AGENT), Ids.newId(Ids.RUN), stepId, callId,
        stepId + "/" + callId, definition, arguments, Instant.now());
  }

  private static ToolCallSucceeded succeeded(ToolCallTopics topics, ToolCallRequested request) {
    ToolResultEvent event = EventTopics.parse(topics.awaitResults(request, 1).get(0), ToolResultEvent.class);
    assertThat(event).isInstanceOf(ToolCallSucceeded.class);
    return (ToolCallSucceeded) event;
  }

  private static ToolCallFailed failed(ToolCallTopics topics, ToolCallRequested request) {
    ToolResultEvent event = EventTopics.parse(topics.awaitResults(request, 1).get(0), ToolResultEvent.class);
    assertThat(event).isInstanceOf(ToolCallFailed.class);
    return (ToolCallFailed) event;
  }
}
