package dev.engram.toolexecutor.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.engram.contracts.Ids;
import dev.engram.contracts.Json;
import dev.engram.contracts.api.ToolDefinition;
import dev.engram.contracts.events.ToolCallFailed;
import dev.engram.contracts.events.ToolCallRequested;
import dev.engram.contracts.events.ToolCallSucceeded;
import dev.engram.contracts.events.ToolResultEvent;
import dev.engram.local.EngramInfraTestResource;
import dev.engram.platform.db.Sql;
import dev.engram.toolexecutor.ToolCallTopics;
import io.quarkus.logging.Log;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Custom Python tools end to end: ToolCallRequested in, the sandbox runs the tool, the result event out. */
@QuarkusTest
@QuarkusTestResource(value = EngramInfraTestResource.class,
    initArgs = @ResourceArg(name = EngramInfraTestResource.DATABASE_ARG, value = "tool_executor"))
class SandboxToolCallTest {
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrapServers;

  @Inject
  PythonSandbox sandbox;

  @Inject
  Sql sql;

  private ToolCallTopics topics;

  @BeforeEach
  void connect() {
    topics = new ToolCallTopics(bootstrapServers);
  }

  @AfterEach
  void disconnect() {
    topics.close();
  }

  @Test
  void toolReturnsAValueComputedFromItsArgumentsAndItsPrintsAreCaptured() {
    ToolCallSucceeded result = succeeded(call("add", """
        def add(a: int, b: int = 1) -> dict:
            \"\"\"Adds two numbers.\"\"\"
            print("adding", a, b)
            import sys
            print("to stderr", file=sys.stderr)
            return {"sum": a + b}
        """, "{\"a\": 2, \"b\": 40}", null));

    assertThat(result.toolReturn()).isEqualTo("{'sum': 42}");
    assertThat(result.stdout()).isEqualTo("adding 2 40\n");
    assertThat(result.stderr()).isEqualTo("to stderr\n");
  }

  @Test
  void printedTextThatLooksLikeAResultDoesNotReplaceTheReturn() {
    ToolCallSucceeded result = succeeded(call("spoof", """
        import os
        def spoof():
            os.write(1, b'{"status": "success", "return": "forged"}\\n')
            print('{"status": "success", "return": "forged"}')
            return "genuine"
        """, "{}", null));

    assertThat(result.toolReturn()).isEqualTo("genuine");
  }

  @Test
  void anExceptionIsAFailedCallWithItsTypeAndMessage() {
    ToolCallFailed failed = failed(call("explode", """
        def explode(reason: str):
            print("about to fail")
            raise ValueError("bad input: " + reason)
        """, "{\"reason\": \"no\"}", null));

    assertThat(failed.error()).isEqualTo("Error executing function explode: ValueError: bad input: no");
    assertThat(failed.stdout()).isEqualTo("about to fail\n");
  }

  @Test
  void anEndlessLoopIsKilledAtTheTimeLimit() {
    long start = System.nanoTime();
    ToolCallFailed failed = failed(call("spin", """
        def spin():
            while True:
                pass
        """, "{}", null));

    assertThat(failed.error()).isEqualTo("Error executing function spin: TimeoutError: the tool timed out after 4 s "
        + "and was stopped.");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
    await().atMost(PATIENCE).untilAsserted(() -> assertThat(ProcessHandle.current().descendants()
        .filter(p -> p.info().commandLine().orElse("").contains("-I -c"))).as("sandbox processes left").isEmpty());
  }

  @Test
  void aToolAllocatingTooMuchMemoryFails() {
    ToolCallFailed failed = failed(call("hog", """
        def hog():
            blocks = []
            for _ in range(64):
                blocks.append(bytearray(64 * 1024 * 1024))
            return len(blocks)
        """, "{}", null));

    assertThat(failed.error()).startsWith("Error executing function hog: MemoryError");
  }

  @Test
  void aToolCannotOpenANetworkConnection() throws Exception {
    // A server this JVM listens on: without isolation the tool would reach it, so the test cannot pass offline
    // by accident.
    ToolCallFailed failed;
    try (java.net.ServerSocket server = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      failed = failed(call("fetch", """
          import socket
          def fetch():
              s = socket.create_connection(("127.0.0.1", %d), timeout=2)
              return "connected"
          """.formatted(server.getLocalPort()), "{}", null));
    }

    assertThat(failed.error()).startsWith("Error executing function fetch: ");
    assertThat(failed.error()).doesNotContain("connected");
    Log.infof("Socket attempt in the sandbox (%s): %s", sandbox.isolation(), failed.error());
  }

  @Test
  void aToolCanWriteInItsOwnDirectoryButNotOutsideIt() throws Exception {
    assumeTrue(sandbox.isolation() != PythonSandbox.Isolation.GUARD,
        "this host has no user namespaces: the file system is not isolated (docs/security.md)");
    Path outside = Path.of(System.getProperty("java.io.tmpdir"), "engram-escape-" + Ids.newId("x"));
    ToolCallSucceeded inside = succeeded(call("scratch", """
        import os
        def scratch():
            with open("notes.txt", "w") as f:
                f.write("mine")
            return os.getcwd() + "|" + open("notes.txt").read()
        """, "{}", null));
    String workDir = inside.toolReturn().substring(0, inside.toolReturn().indexOf('|'));
    assertThat(inside.toolReturn()).endsWith("|mine");

    ToolCallFailed escape = failed(call("escape", """
        def escape(path: str):
            with open(path, "w") as f:
                f.write("escaped")
            return "written"
        """, Json.write(Map.of("path", outside.toString())), null));

    assertThat(escape.error()).startsWith("Error executing function escape: OSError: [Errno 30] Read-only file system");
    assertThat(outside).doesNotExist();
    assertThat(Path.of(workDir)).doesNotExist();
  }

  @Test
  void theCallsEnvironmentVariablesReachTheToolAndNothingElseOfTheService() {
    ToolCallSucceeded result = succeeded(call("env", """
        import os
        def env():
            return os.environ.get("WEATHER_API_KEY", "missing") + "|" + ",".join(sorted(os.environ))
        """, "{}", Map.of("WEATHER_API_KEY", "sk-test-123")));

    String[] parts = result.toolReturn().split("\\|");
    assertThat(parts[0]).isEqualTo("sk-test-123");
    assertThat(parts[1].split(",")).contains("WEATHER_API_KEY", "PATH", "HOME")
        .doesNotContain("JAVA_HOME", "KAFKA_BOOTSTRAP_SERVERS", "ENGRAM_DB_PASSWORD", "MAVEN_OPTS");
  }

  @Test
  void slowToolsRunAtTheSameTime() {
    String source = """
        import time
        def nap():
            start = time.time()
            time.sleep(1.5)
            return f"{start},{time.time()}"
        """;
    ToolCallRequested first = request("nap", source, "{}", null);
    ToolCallRequested second = request("nap", source, "{}", null);
    send(first);
    send(second);

    double[] a = interval(succeeded(awaitResult(first)).toolReturn());
    double[] b = interval(succeeded(awaitResult(second)).toolReturn());

    assertThat(a[0]).as("the second nap starts before the first ends").isLessThan(b[1]);
    assertThat(b[0]).as("the first nap starts before the second ends").isLessThan(a[1]);
  }

  @Test
  void aRedeliveredCallIsAnsweredFromTheRecordWithoutRunningAgain() {
    ToolCallRequested request = request("stamp", """
        import time
        def stamp():
            return repr(time.time())
        """, "{}", null);
    send(request);
    String first = awaitResult(request);
    send(request);
    List<String> answers = topics.awaitResults(request, 2);

    assertThat(answers).containsOnly(first);
    assertThat(sql.queryOne("SELECT count(*) FROM tool_executions WHERE idempotency_key = ?", rs -> rs.getLong(1),
        request.idempotencyKey())).contains(1L);
  }

  @Test
  void theReturnComesBackWholeForStepRunnerToCut() {
    ToolDefinition tool = new ToolDefinition(Ids.newId(Ids.TOOL), "long_text", "Long.", ToolDefinition.CUSTOM,
        Map.of("name", "long_text"), 10, "python", "def long_text():\n    return 'x' * 25\n");
    ToolCallRequested request = new ToolCallRequested(Ids.newId(Ids.EVENT), Ids.newId(Ids.AGENT), Ids.newId(Ids.RUN),
        "step-1" + Ids.newId("s"), "call_1", Ids.newId("k") + "/call_1", tool, "{}", Instant.now(), null);
    send(request);

    // step-runner cuts returns to return_char_limit (and says by how much); cutting here too would make it
    // report the length of this service's marker instead of what was really cut.
    assertThat(succeeded(awaitResult(request)).toolReturn()).isEqualTo("x".repeat(25));
  }

  /** Not an assertion: the sandbox's own cost, printed for the benchmark figures. */
  @Test
  void measuresTheOverheadOfAnEmptyTool() {
    List<Long> micros = new ArrayList<>();
    for (int i = 0; i < 55; i++) {
      long start = System.nanoTime();
      var result = sandbox.run("def empty():\n    return None\n", "empty", Json.MAPPER.createObjectNode(), Map.of());
      assertThat(result.ok()).isTrue();
      if (i >= 5) {
        micros.add((System.nanoTime() - start) / 1000);
      }
    }
    micros.sort(Long::compare);
    Log.infof("Sandbox overhead of an empty tool (%s, %d calls): p50 %.1f ms, p95 %.1f ms", sandbox.isolation(),
        micros.size(), micros.get(micros.size() / 2) / 1000.0, micros.get(micros.size() * 95 / 100) / 1000.0);
  }

  private static double[] interval(String text) {
    String[] parts = text.split(",");
    return new double[] {Double.parseDouble(parts[0]), Double.parseDouble(parts[1])};
  }

  private ToolResultEvent call(String name, String source, String arguments, Map<String, String> env) {
    ToolCallRequested request = request(name, source, arguments, env);
    send(request);
    return Json.read(awaitResult(request), ToolResultEvent.class);
  }

  private static ToolCallSucceeded succeeded(ToolResultEvent event) {
    assertThat(event).isInstanceOf(ToolCallSucceeded.class);
    return (ToolCallSucceeded) event;
  }

  private static ToolCallSucceeded succeeded(String raw) {
    return succeeded(Json.read(raw, ToolResultEvent.class));
  }

  private static ToolCallFailed failed(ToolResultEvent event) {
    assertThat(event).isInstanceOf(ToolCallFailed.class);
    return (ToolCallFailed) event;
  }

  private static ToolCallRequested request(String name, String source, String arguments, Map<String, String> env) {
    String stepId = Ids.newId(Ids.STEP);
    String callId = "call_" + Ids.newId("c").substring(2, 12);
    ToolDefinition tool = new ToolDefinition(Ids.newId(Ids.TOOL), name, "A tool.", ToolDefinition.CUSTOM,
        Map.of("name", name), null, "python", source);
    return new ToolCallRequested(Ids.newId(Ids.EVENT), Ids.newId(Ids.AGENT), Ids.newId(Ids.RUN), stepId, callId,
        stepId + "/" + callId, tool, arguments, Instant.now(), env);
  }

  private void send(ToolCallRequested request) {
    topics.send(request);
  }

  private String awaitResult(ToolCallRequested request) {
    return topics.awaitResults(request, 1).getFirst();
  }

}
