package dev.engram.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.local.Platform;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Engram driven by the official Letta TypeScript SDK (the Node project in {@code sdk/}): an agent
 * learns a fact through a memory tool and keeps it, with its history, across a restart of the whole
 * platform; a small-window agent compacts its context and still finds its first message; the {@code letta} CLI
 * (pinned in the same Node project) runs headless prompts against it offline.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LettaSdkIT {
  private static final Path SDK = Path.of("sdk").toAbsolutePath();
  private static final Duration NPM_TIMEOUT = Duration.ofMinutes(5);
  private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(4);
  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension
  static final E2eRun RUN = new E2eRun();

  private static Platform.Options options;
  private static Platform platform;
  private static String agentId;

  @BeforeAll
  static void installSdkAndStartPlatform() throws Exception {
    installSdk();
    // The MCP script's servers listen on loopback, which tool-executor refuses by default (SSRF guard).
    options = Platform.Options.forTests(E2eRun.repoRoot(), RUN.dataDir())
        .withEnv(Map.of("ENGRAM_MCP_ALLOW_PRIVATE_NETWORKS", "true"));
    platform = Platform.start(options);
  }

  @AfterAll
  static void stopPlatform() {
    if (platform != null) {
      platform.close();
    }
  }

  @Test
  @Order(1)
  void agentLearnsAFactThroughTheSdk() throws Exception {
    Path state = RUN.file("sdk-state.json");
    node("agent-memory.test.mjs", Map.of("E2E_STATE_FILE", state.toString()));
    agentId = JSON.readTree(state.toFile()).path("agent_id").asText();
    assertThat(agentId).startsWith("agent-");
  }

  @Test
  @Order(2)
  void agentsShareABlockAndEditMemoryWithTheMemoryTool() throws Exception {
    node("shared-memory.test.mjs", Map.of());
  }

  @Test
  @Order(3)
  void agentsKeepArchivalPassagesAndFindPastMessages() throws Exception {
    node("archival-recall.test.mjs", Map.of());
  }

  @Test
  @Order(4)
  void systemPromptRecompilesAndTheMessageBufferResets() throws Exception {
    node("system-prompt.test.mjs", Map.of());
  }

  @Test
  @Order(5)
  void agentCompactsItsContextWindowAndStillRemembers() throws Exception {
    node("compaction.test.mjs", Map.of());
  }

  @Test
  @Order(6)
  void customPythonToolsAreCreatedFromSourceAndAttached() throws Exception {
    node("custom-tools.test.mjs", Map.of());
  }

  @Test
  @Order(7)
  void toolCallsWaitForApprovalDenialOrTheClientsOwnReturn() throws Exception {
    node("approvals.test.mjs", Map.of());
  }

  @Test
  @Order(8)
  void mcpServersOverStdioAndHttpServeToolsToAgents() throws Exception {
    node("mcp.test.mjs", Map.of());
  }

  @Test
  @Order(9)
  void asyncRunsCallBackAndTheirRunsAndStepsAreReadable() throws Exception {
    node("runs.test.mjs", Map.of());
  }

  @Test
  @Order(10)
  void secretsDirectToolRunsAndBuiltInToolsWorkThroughTheSdk() throws Exception {
    node("tools-more.test.mjs", Map.of());
  }

  @Test
  @Order(11)
  void messagesStreamAndABackgroundStreamResumesAfterADroppedConnection() throws Exception {
    node("streaming.test.mjs", Map.of("E2E_STREAM_STATE", RUN.file("stream-state.json").toString()));
  }

  @Test
  @Order(12)
  void aSameOtidRetryAfterATimeoutOrAbortAttachesToTheFirstRun() throws Exception {
    node("stream-retry.test.mjs", Map.of());
  }

  @Test
  @Order(13)
  void conversationsStreamResumeListAndConvConversationsHaveTheirOwnHistory() throws Exception {
    node("conversations.test.mjs", Map.of());
  }

  @Test
  @Order(14)
  void theLettaCliRunsHeadlessPromptsOfflineWithMemoryClientToolsAndAResumedStream() throws Exception {
    node("letta-cli.test.mjs", Map.of());
  }

  @Test
  @Order(100)
  void agentKeepsItsMemoryAndHistoryAcrossAPlatformRestart() throws Exception {
    Assumptions.assumeTrue(agentId != null, "the first script created the agent");
    Platform.Ports ports = platform.ports();
    platform.close();
    platform = null;
    platform = Platform.start(options.withPorts(ports));
    node("after-restart.test.mjs",
        Map.of("E2E_STATE_FILE", RUN.file("sdk-state.json").toString(), "E2E_AGENT_ID", agentId,
            "E2E_STREAM_STATE", RUN.file("stream-state.json").toString()));
  }

  /** {@code npm ci}, unless node_modules already holds exactly what the lockfile pins. */
  private static void installSdk() throws Exception {
    if (installedMatchesLockfile()) {
      System.out.println("[sdk] node_modules matches package-lock.json; skipping npm ci");
      return;
    }
    int exit = run(List.of("npm", "ci", "--no-audit", "--no-fund"), Map.of(), NPM_TIMEOUT);
    assertThat(exit).as("npm ci in %s", SDK).isZero();
  }

  /**
   * npm records what it installed in node_modules/.package-lock.json: the lockfile's packages, less the optional
   * ones it skipped (other platforms' native builds, such as the letta CLI's sharp binaries for macOS).
   */
  private static boolean installedMatchesLockfile() throws IOException {
    Path hidden = SDK.resolve("node_modules/.package-lock.json");
    if (!Files.exists(hidden)) {
      return false;
    }
    JsonNode locked = JSON.readTree(SDK.resolve("package-lock.json").toFile()).path("packages");
    JsonNode installed = JSON.readTree(hidden.toFile()).path("packages");
    ObjectNode expected = JSON.createObjectNode();
    locked.properties().forEach(entry -> {
      boolean skippedOptional = entry.getValue().path("optional").asBoolean(false) && !installed.has(entry.getKey());
      if (!entry.getKey().isEmpty() && !skippedOptional) {
        expected.set(entry.getKey(), entry.getValue());
      }
    });
    return expected.equals(installed);
  }

  private static void node(String script, Map<String, String> env) throws Exception {
    Map<String, String> all = new HashMap<>(env);
    all.put("LETTA_BASE_URL", platform.apiUrl());
    int exit = run(List.of("node", "--test-reporter=spec", script), all, SCRIPT_TIMEOUT);
    assertThat(exit).as("node %s against %s (output above)", script, platform.apiUrl()).isZero();
  }

  /** Runs a command in the SDK project, forwarding its output line by line as it comes. */
  private static int run(List<String> command, Map<String, String> env, Duration timeout) throws Exception {
    System.out.println("[sdk] $ " + String.join(" ", command));
    ProcessBuilder pb = new ProcessBuilder(command).directory(SDK.toFile()).redirectErrorStream(true);
    pb.environment().putAll(env);
    Process process = pb.start();
    Thread forward = Thread.ofVirtual().start(() -> {
      try (BufferedReader out = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        out.lines().forEach(line -> System.out.println("[sdk] " + line));
      } catch (IOException ignored) {
        // The process is gone; its exit code tells the rest.
      }
    });
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout);
    }
    forward.join(Duration.ofSeconds(10));
    return process.exitValue();
  }
}
