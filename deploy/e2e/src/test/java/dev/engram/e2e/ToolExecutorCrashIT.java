package dev.engram.e2e;

import static dev.engram.e2e.LettaApi.type;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.local.Platform;
import dev.engram.local.Platform.Service;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * tool-executor is killed with -9 while several slow custom Python tools run in its sandbox: their processes stop
 * with it (no orphans running on unbounded), and once it is back every tool call is answered exactly once (one
 * return per call, none orphaned in the history) and every run completes — with the agent's secret in the tool's
 * environment.
 */
class ToolExecutorCrashIT {
  private static final int AGENTS = 4;
  private static final Duration REPLY_TIMEOUT = Duration.ofMinutes(3);
  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension
  static final E2eRun RUN = new E2eRun();

  private static Platform platform;
  private static LettaApi api;

  @BeforeAll
  static void startPlatform() {
    platform = RUN.startPlatform();
    api = new LettaApi(platform.apiUrl());
  }

  @Test
  void toolCallsRunningWhenTheToolExecutorDiesAreAnsweredExactlyOnce() throws Exception {
    String tool = "slow_lookup_" + Long.toString(System.currentTimeMillis(), 36);
    ObjectNode toolBody = JSON.createObjectNode().put("source_code", """
        import os
        import time

        def %s(n: int) -> str:
            \"\"\"Looks something up, slowly.

            Args:
                n: What to look up.
            \"\"\"
            time.sleep(8)
            return "looked-up-" + str(n) + " with " + os.environ.get("CRASH_SECRET", "no secret")
        """.formatted(tool));
    LettaApi.Reply created = api.post("/v1/tools/", toolBody);
    assertThat(created.status()).as(created.text()).isEqualTo(200);

    List<String> agentIds = new ArrayList<>();
    for (int i = 0; i < AGENTS; i++) {
      ObjectNode body = JSON.createObjectNode().put("name", "tool-crash-" + i + "-" + System.currentTimeMillis())
          .put("model", LettaApi.MODEL);
      body.putArray("tools").add(tool);
      body.putObject("secrets").put("CRASH_SECRET", "secret-" + i);
      LettaApi.Reply agent = api.post("/v1/agents/", body);
      assertThat(agent.status()).as(agent.text()).isEqualTo(200);
      agentIds.add(agent.json().get("id").asText());
    }

    ExecutorService senders = Executors.newFixedThreadPool(AGENTS);
    Map<Integer, Future<LettaApi.Reply>> replies = new HashMap<>();
    try {
      for (int i = 0; i < AGENTS; i++) {
        String agentId = agentIds.get(i);
        String content = "Look it up. <<script>> [{\"tool\":\"" + tool + "\",\"args\":{\"n\":" + i + "}},"
            + "{\"text\":\"done-" + i + "\"}] <</script>>";
        replies.put(i, senders.submit(() -> api.sendMessage(agentId, content, REPLY_TIMEOUT)));
      }
      // The crash comes while every agent's tool is running in a sandbox process of tool-executor.
      ProcessHandle executor = ProcessHandle.of(platform.pid(Service.TOOL_EXECUTOR)).orElseThrow();
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
          .until(() -> sandboxes(executor).size() >= AGENTS);
      List<ProcessHandle> running = sandboxes(executor);
      long killedAt = System.nanoTime();
      platform.kill(Service.TOOL_EXECUTOR);
      // The tools sleep 8 s: a sandbox that outlives its service by more than a few seconds is an orphan.
      await().atMost(Duration.ofSeconds(4)).pollInterval(Duration.ofMillis(50))
          .untilAsserted(() -> assertThat(running).as("sandbox processes left after the kill")
              .noneMatch(ProcessHandle::isAlive));
      System.out.printf("ToolExecutorCrashIT: %d sandboxes stopped %d ms after the kill%n", running.size(),
          (System.nanoTime() - killedAt) / 1_000_000);
      platform.restart(Service.TOOL_EXECUTOR);

      for (int i = 0; i < AGENTS; i++) {
        LettaApi.Reply reply = replies.get(i).get(REPLY_TIMEOUT.toSeconds() + 30, TimeUnit.SECONDS);
        System.out.printf("ToolExecutorCrashIT: agent %d answered %d ms after the kill%n", i,
            (System.nanoTime() - killedAt) / 1_000_000);
        assertThat(reply.status()).as("agent %d: %s", i, reply.text()).isEqualTo(200);
        assertThat(reply.json().path("stop_reason").path("stop_reason").asText())
            .as("agent %d: %s", i, reply.text()).isEqualTo("end_turn");
        assertAnsweredOnce(i, agentIds.get(i), reply.json());
      }
    } finally {
      senders.shutdownNow();
    }
  }

  /** The Python processes below tool-executor: one per running sandboxed call. */
  private static List<ProcessHandle> sandboxes(ProcessHandle executor) {
    return executor.descendants()
        .filter(p -> p.info().command().map(c -> c.contains("python")).orElse(false))
        .toList();
  }

  private static void assertAnsweredOnce(int agent, String agentId, JsonNode response) {
    String runId = response.path("messages").path(0).path("run_id").asText();
    JsonNode run = api.run(runId);
    assertThat(run.path("status").asText()).as("agent %d run: %s", agent, run).isEqualTo("completed");
    assertThat(run.path("completed_at").asText()).as("agent %d run %s", agent, run).isNotEmpty();

    List<JsonNode> history = api.history(agentId);
    Map<String, Integer> calls = new HashMap<>();
    Map<String, Integer> returns = new HashMap<>();
    List<String> answers = new ArrayList<>();
    for (JsonNode m : history) {
      switch (type(m)) {
        case "tool_call_message" -> calls.merge(m.path("tool_call").path("tool_call_id").asText(), 1, Integer::sum);
        case "tool_return_message" -> {
          returns.merge(m.path("tool_call_id").asText(), 1, Integer::sum);
          assertThat(m.path("status").asText()).as("agent %d: %s", agent, m).isEqualTo("success");
          assertThat(m.path("tool_return").asText()).as("agent %d", agent)
              .isEqualTo("looked-up-" + agent + " with secret-" + agent);
        }
        case "assistant_message" -> answers.add(LettaApi.text(m));
        default -> {
        }
      }
    }
    assertThat(answers).as("agent %d answers once", agent).containsExactly("done-" + agent);
    assertThat(calls).as("agent %d: one tool call", agent).hasSize(1)
        .allSatisfy((id, count) -> assertThat(count).as("tool call %s", id).isEqualTo(1));
    assertThat(returns).as("agent %d: exactly one return per call, none orphaned", agent).isEqualTo(calls);
  }
}
