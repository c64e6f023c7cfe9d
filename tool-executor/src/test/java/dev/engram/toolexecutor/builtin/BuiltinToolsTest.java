package dev.engram.toolexecutor.builtin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.engram.contracts.Ids;
import dev.engram.contracts.Json;
import dev.engram.contracts.api.ToolDefinition;
import dev.engram.contracts.events.ToolCallFailed;
import dev.engram.contracts.events.ToolCallRequested;
import dev.engram.contracts.events.ToolCallSucceeded;
import dev.engram.contracts.events.ToolResultEvent;
import dev.engram.local.EngramInfraTestResource;
import dev.engram.toolexecutor.ToolCallTopics;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The built-ins tool-executor runs itself (run_code, web_search, fetch_webpage) and direct runs over HTTP. */
@QuarkusTest
@QuarkusTestResource(value = EngramInfraTestResource.class,
    initArgs = @ResourceArg(name = EngramInfraTestResource.DATABASE_ARG, value = "tool_executor"))
class BuiltinToolsTest {
  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrapServers;

  private ToolCallTopics topics;
  private HttpServer site;

  @BeforeEach
  void connect() throws IOException {
    topics = new ToolCallTopics(bootstrapServers);
    site = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    site.createContext("/page", exchange -> reply(exchange, 200, "text/html", """
        <html><head><title>T</title><style>body { color: red }</style><script>var hidden = 1;</script></head>
        <body><h1>Opening hours</h1><p>Monday to Friday &amp; Sunday:<br>9 to 5.</p><!-- not shown --></body></html>
        """));
    site.createContext("/moved", exchange -> {
      exchange.getResponseHeaders().add("Location", "/page");
      reply(exchange, 302, "text/plain", "");
    });
    site.createContext("/missing", exchange -> reply(exchange, 404, "text/plain", "no"));
    site.start();
  }

  @AfterEach
  void disconnect() {
    topics.close();
    site.stop(0);
  }

  @Test
  void runCodeRunsPythonInTheSandboxAndReportsOutputValueAndError() throws Exception {
    JsonNode ok = Json.MAPPER.readTree(succeeded(call(builtin("run_code"),
        "{\"code\": \"x = 6 * 7\\nprint('x is', x)\\nx + 0.5\", \"language\": \"python\"}")).toolReturn());
    assertThat(ok.path("logs").path("stdout").get(0).asText()).isEqualTo("x is 42\n");
    assertThat(ok.path("results").get(0).asText()).isEqualTo("42.5");
    assertThat(ok.has("error")).isFalse();

    JsonNode broken = Json.MAPPER.readTree(succeeded(call(builtin("run_code"),
        "{\"code\": \"print('before')\\n1 / 0\", \"language\": \"python\"}")).toolReturn());
    assertThat(broken.path("error").path("name").asText()).isEqualTo("ZeroDivisionError");
    assertThat(broken.path("logs").path("stdout").get(0).asText()).isEqualTo("before\n");

    ToolCallFailed js = failed(call(builtin("run_code"), "{\"code\": \"console.log(1)\", \"language\": \"js\"}"));
    assertThat(js.error()).contains("cannot run 'js' code").contains("only Python");
  }

  @Test
  void webSearchWithoutAProviderIsAClearErrorReturn() {
    ToolCallFailed failed = failed(call(builtin("web_search"), "{\"query\": \"engram\"}"));
    assertThat(failed.error()).contains("no search provider is configured").contains("EXA_API_KEY");
  }

  @Test
  void fetchWebpageReturnsThePageTextFollowingRedirects() {
    String base = "http://127.0.0.1:" + site.getAddress().getPort();
    ToolCallSucceeded page = succeeded(call(builtin("fetch_webpage"), "{\"url\": \"" + base + "/moved\"}"));
    assertThat(page.toolReturn()).isEqualTo("T\nOpening hours\nMonday to Friday & Sunday:\n9 to 5.");

    ToolCallFailed missing = failed(call(builtin("fetch_webpage"), "{\"url\": \"" + base + "/missing\"}"));
    assertThat(missing.error()).contains("answered HTTP 404");
    ToolCallFailed ftp = failed(call(builtin("fetch_webpage"), "{\"url\": \"ftp://example.org/x\"}"));
    assertThat(ftp.error()).contains("only http and https");
  }

  @Test
  void aCustomToolRunsDirectlyOverHttpWithTheGivenEnvironment() {
    ToolDefinition tool = new ToolDefinition(null, "greet", null, ToolDefinition.CUSTOM, null, null, "python", """
        import os
        def greet(name: str) -> str:
            print("greeting", name)
            return os.environ["GREETING"] + ", " + name
        """);
    given().contentType(ContentType.JSON)
        .body(Json.write(Map.of("tool", tool, "args", Map.of("name", "Ada"), "environment",
            Map.of("GREETING", "Hello"))))
        .when().post("/internal/tools/run").then().statusCode(200)
        .body("status", equalTo("success")).body("tool_return", equalTo("Hello, Ada"))
        .body("stdout", equalTo("greeting Ada\n"));
    given().contentType(ContentType.JSON).body(Json.write(Map.of("tool", tool, "args", Map.of())))
        .when().post("/internal/tools/run").then().statusCode(200)
        .body("status", equalTo("error")).body("tool_return", containsString("TypeError"));
    given().contentType(ContentType.JSON).body(Map.of("args", Map.of()))
        .when().post("/internal/tools/run").then().statusCode(400);
  }

  private static ToolDefinition builtin(String name) {
    return new ToolDefinition(Ids.newId(Ids.TOOL), name, "A built-in.", BuiltinTools.LETTA_BUILTIN,
        Map.of("name", name), null);
  }

  private ToolResultEvent call(ToolDefinition tool, String arguments) {
    String stepId = Ids.newId(Ids.STEP);
    String callId = "call_" + Ids.newId("c").substring(2, 12);
    ToolCallRequested request = new ToolCallRequested(Ids.newId(Ids.EVENT), Ids.newId(Ids.AGENT), Ids.newId(Ids.RUN),
        stepId, callId, stepId + "/" + callId, tool, arguments, Instant.now(), null);
    topics.send(request);
    return Json.read(topics.awaitResults(request, 1).getFirst(), ToolResultEvent.class);
  }

  private static ToolCallSucceeded succeeded(ToolResultEvent event) {
    assertThat(event).as(String.valueOf(event)).isInstanceOf(ToolCallSucceeded.class);
    return (ToolCallSucceeded) event;
  }

  private static ToolCallFailed failed(ToolResultEvent event) {
    assertThat(event).as(String.valueOf(event)).isInstanceOf(ToolCallFailed.class);
    return (ToolCallFailed) event;
  }

  private static void reply(com.sun.net.httpserver.HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
