package dev.engram.e2e;

import static dev.engram.e2e.LettaApi.text;
import static dev.engram.e2e.LettaApi.type;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.contracts.Topics;
import dev.engram.contracts.events.EventTopics;
import dev.engram.contracts.events.MessageChunk;
import dev.engram.contracts.events.RunCompleted;
import dev.engram.contracts.events.RunEvent;
import dev.engram.local.Platform;
import dev.engram.local.TopicReader;
import dev.engram.local.Platform.Service;
import dev.engram.scriptedmodel.ScriptedModelServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The step-runner is killed with -9 while six runs are in flight: once it is back, every run
 * completes exactly once — one tool effect, one answer, no orphaned or repeated tool calls — and no
 * journaled model answer is asked for again. Half of them are background runs: their MessageChunks keep seq ids
 * 1..n, none renumbered or repeated; the request-response runs publish none.
 */
class CrashIT {
  private static final int AGENTS = 6;
  private static final long LLM_LATENCY_MS = 1500;
  private static final Duration REPLY_TIMEOUT = Duration.ofMinutes(3);

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
  void runsInFlightWhenTheStepRunnerDiesCompleteExactlyOnce() throws Exception {
    List<String> agentIds = new ArrayList<>();
    for (int i = 0; i < AGENTS; i++) {
      agentIds.add(api.createAgent("crash-" + i + "-" + System.currentTimeMillis()).get("id").asText());
    }
    ScriptedModelServer model = platform.scripted();
    long requestsBefore = model.requestCount();

    ExecutorService senders = Executors.newFixedThreadPool(AGENTS);
    // Even agents send and wait (request-response: no chunks); odd ones send in the background (async), whose runs
    // publish MessageChunks a stream may resume from.
    Map<Integer, Future<LettaApi.Reply>> replies = new HashMap<>();
    Map<Integer, String> backgroundRuns = new HashMap<>();
    List<String> syncRunIds = new ArrayList<>();
    try {
      for (int i = 0; i < AGENTS; i++) {
        String agentId = agentIds.get(i);
        String content = script(i);
        if (i % 2 == 0) {
          replies.put(i, senders.submit(() -> api.sendMessage(agentId, content, REPLY_TIMEOUT)));
        } else {
          backgroundRuns.put(i, sendAsync(agentId, content));
        }
      }
      // The crash comes once the earliest run asks for its second answer (its tool applied, its first
      // answer journaled) while the later runs are still waiting for their first answer or their tool.
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10))
          .until(() -> model.requestCount() - requestsBefore > AGENTS);
      long requestsAtCrash = model.requestCount() - requestsBefore;
      long killedAt = System.nanoTime();
      platform.kill(Service.STEP_RUNNER);
      platform.restart(Service.STEP_RUNNER);
      System.out.printf("CrashIT: step-runner killed after %d model requests of %d runs, ready again in %d ms%n",
          requestsAtCrash, AGENTS, (System.nanoTime() - killedAt) / 1_000_000);

      for (int i = 0; i < AGENTS; i++) {
        String runId;
        if (replies.containsKey(i)) {
          LettaApi.Reply reply = replies.get(i).get(REPLY_TIMEOUT.toSeconds() + 30, TimeUnit.SECONDS);
          assertThat(reply.status()).as("agent %d: %s", i, reply.text()).isEqualTo(200);
          assertThat(reply.json().path("stop_reason").path("stop_reason").asText())
              .as("agent %d: %s", i, reply.text()).isEqualTo("end_turn");
          runId = reply.json().path("messages").path(0).path("run_id").asText();
          assertThat(runId).as("agent %d: the response names its run: %s", i, reply.text()).isNotEmpty();
          syncRunIds.add(runId);
        } else {
          runId = backgroundRuns.get(i);
          await().atMost(REPLY_TIMEOUT).pollInterval(Duration.ofMillis(200))
              .until(() -> !api.run(runId).path("status").asText().matches("created|running"));
          assertThat(api.run(runId).path("stop_reason").asText()).as("agent %d background run", i)
              .isEqualTo("end_turn");
        }
        System.out.printf("CrashIT: agent %d answered within %d ms of the kill%n", i,
            (System.nanoTime() - killedAt) / 1_000_000);
        assertRunCompletedOnce(i, agentIds.get(i), runId);
      }
      assertChunksNumberedOnce(List.copyOf(backgroundRuns.values()), syncRunIds);
    } finally {
      senders.shutdownNow();
    }

    long requests = model.requestCount() - requestsBefore;
    assertThat(requests).as("model requests: two per run, plus at most one repeat of a call cut by the crash")
        .isBetween(2L * AGENTS, 2L * AGENTS + AGENTS);
  }

  /** Sends one user message as a background run; its id. */
  private static String sendAsync(String agentId, String content) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.putArray("messages").addObject().put("role", "user").put("content", content);
    LettaApi.Reply reply = api.post("/v1/agents/" + agentId + "/messages/async", body);
    assertThat(reply.status()).as("async send: %s", reply.text()).isEqualTo(200);
    return reply.json().path("id").asText();
  }

  /**
   * Every background run's MessageChunks on the run-events topic: seq ids 1..n, each always the same chunk (the
   * outbox may publish a chunk again after the crash, never renumber it), in RunCompleted's order, nothing
   * repeated. A request-response run publishes none.
   */
  private static void assertChunksNumberedOnce(List<String> runIds, List<String> unchunkedRunIds) throws Exception {
    try (TopicReader reader = new TopicReader(platform.infra().bootstrapServers(), Topics.RUN_EVENTS)) {
      Map<String, Map<Long, MessageChunk>> chunks = new HashMap<>();
      Map<String, RunCompleted> ends = new HashMap<>();
      List<String> all = new ArrayList<>(runIds);
      all.addAll(unchunkedRunIds);
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
        for (String value : reader.values()) {
          RunEvent event = EventTopics.parse(value, RunEvent.class);
          if (event instanceof MessageChunk c && unchunkedRunIds.contains(c.runId())) {
            throw new AssertionError("request-response run " + c.runId() + " published a chunk: " + c);
          }
          if (event instanceof MessageChunk c && runIds.contains(c.runId())) {
            MessageChunk earlier = chunks.computeIfAbsent(c.runId(), r -> new TreeMap<>()).putIfAbsent(c.seqId(), c);
            assertThat(earlier == null || earlier.eventId().equals(c.eventId()))
                .as("seq %d of run %s names one chunk: %s and %s", c.seqId(), c.runId(), earlier, c).isTrue();
          } else if (event instanceof RunCompleted done && all.contains(done.runId())) {
            ends.put(done.runId(), done);
          }
        }
        assertThat(ends).containsOnlyKeys(all);
      });
      for (String runId : runIds) {
        Map<Long, MessageChunk> numbered = chunks.getOrDefault(runId, Map.of());
        List<String> expected = ends.get(runId).messages().stream().map(m -> m.getClass().getSimpleName() + m.id())
            .toList();
        assertThat(numbered.keySet()).as("run %s seq ids", runId)
            .containsExactlyElementsOf(LongStream.rangeClosed(1, expected.size()).boxed().toList());
        assertThat(numbered.values()).as("run %s chunks in RunCompleted's order", runId)
            .extracting(c -> c.message().getClass().getSimpleName() + c.message().id())
            .containsExactlyElementsOf(expected);
      }
    }
  }

  private static String script(int agent) {
    return "<<latency:" + LLM_LATENCY_MS + ">> Remember this. <<script>> ["
        + "{\"tool\":\"memory_insert\",\"args\":{\"label\":\"human\",\"new_string\":\"fact-" + agent + "\"}},"
        + "{\"text\":\"done-" + agent + "\"}] <</script>>";
  }

  private static void assertRunCompletedOnce(int agent, String agentId, String runId) {
    JsonNode run = api.run(runId);
    assertThat(run.path("status").asText()).as("agent %d run, answered already: %s", agent, run)
        .isEqualTo("completed");
    assertThat(run.path("completed_at").asText()).as("agent %d run %s", agent, run).isNotEmpty();

    List<JsonNode> history = api.history(agentId);
    assertThat(history.stream().filter(m -> type(m).equals("assistant_message")).map(LettaApi::text).toList())
        .as("agent %d answers once", agent).containsExactly("done-" + agent);

    Map<String, Integer> calls = new HashMap<>();
    Map<String, Integer> returns = new HashMap<>();
    List<String> toolNames = new ArrayList<>();
    for (JsonNode m : history) {
      switch (type(m)) {
        case "tool_call_message" -> {
          // tool_call is only the first of the message's calls; tool_calls has them all when present.
          List<JsonNode> toolCalls = new ArrayList<>();
          JsonNode many = m.path("tool_calls");
          if (many.isArray() && !many.isEmpty()) {
            many.forEach(toolCalls::add);
          } else {
            toolCalls.add(m.path("tool_call"));
          }
          for (JsonNode c : toolCalls) {
            calls.merge(c.path("tool_call_id").asText(), 1, Integer::sum);
            toolNames.add(c.path("name").asText());
          }
        }
        case "tool_return_message" -> {
          returns.merge(m.path("tool_call_id").asText(), 1, Integer::sum);
          assertThat(m.path("status").asText()).as("agent %d: %s", agent, m).isEqualTo("success");
        }
        default -> {
        }
      }
    }
    assertThat(toolNames).as("agent %d tool calls", agent).containsExactly("memory_insert");
    assertThat(calls).as("agent %d: no tool call id repeated", agent)
        .allSatisfy((id, count) -> assertThat(count).as("tool call %s", id).isEqualTo(1));
    assertThat(returns).as("agent %d: exactly one return per call, none orphaned", agent).isEqualTo(calls);

    String human = api.block(agentId, "human").path("value").asText();
    assertThat(human.split("fact-" + agent + "(?!\\d)", -1)).as("agent %d: fact inserted once in %s", agent, human)
        .hasSize(2);
  }
}
