package dev.engram.agentapi.stream;

import static dev.engram.agentapi.support.Api.assertShape;
import static dev.engram.agentapi.support.Api.createAgent;
import static dev.engram.agentapi.support.RunEvents.DATE;
import static dev.engram.agentapi.support.RunEvents.assistant;
import static dev.engram.agentapi.support.RunEvents.chunk;
import static dev.engram.agentapi.support.RunEvents.completed;
import static dev.engram.agentapi.support.RunEvents.delta;
import static dev.engram.agentapi.support.RunEvents.reasoning;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;


import dev.engram.agentapi.AgentApiConfig;
import dev.engram.agentapi.run.RunRepository;
import dev.engram.agentapi.support.AgentApiTestResource;
import dev.engram.agentapi.support.Kafka;
import dev.engram.agentapi.support.PlaysStepRunner;
import dev.engram.agentapi.support.SseClient;
import dev.engram.agentapi.support.SseClient.Frame;
import dev.engram.contracts.Ids;
import dev.engram.contracts.StopReason;
import dev.engram.contracts.api.UsageStatistics;
import dev.engram.contracts.events.MessageChunk;
import dev.engram.contracts.events.MessageReceived;
import dev.engram.contracts.events.RunCompleted;
import dev.engram.contracts.events.RunFailed;
import dev.engram.contracts.events.RunStarted;
import dev.engram.contracts.message.ToolReturnMessage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * SSE streaming, background runs and resume (ADR 0008), against real Kafka and PostgreSQL; the test plays
 * step-runner by publishing run events (MessageChunk, RunCompleted, RunFailed).
 */
@QuarkusTest
@QuarkusTestResource(AgentApiTestResource.class)
@TestProfile(StreamingTest.ShortKeepalive.class)
class StreamingTest extends PlaysStepRunner {

  /** Pings after 600 ms of silence, so a test can see keepalives. */
  public static class ShortKeepalive implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("engram.agent-api.stream-keepalive", "600ms", "engram.agent-api.stream-end-grace", "2s");
    }
  }

  @TestHTTPResource("/")
  URI base;

  @Inject
  ChunkStore chunks;

  @Inject
  RunRepository runs;

  @Inject
  AgentApiConfig config;

  @Test
  void streamsPingMessagesStopReasonUsageThenDone() throws Exception {
    String agentId = agent();
    try (SseClient sse = SseClient.post(uri("/v1/agents/" + agentId + "/messages/stream"), Map.of("input", "hi"))) {
      assertThat(sse.status()).isEqualTo(200);
      assertThat(sse.contentType()).startsWith("text/event-stream");
      Frame ping = sse.next(10);
      assertThat(ping.type()).isEqualTo("ping");
      assertShape("LettaPing", ping.json());
      String runId = ping.json().path("run_id").asText();
      MessageReceived received = kafka.awaitInbox(agentId, MessageReceived.class, 0);
      assertThat(received.runId()).isEqualTo(runId);
      assertThat(received.streamTokens()).isFalse();

      String step = Ids.newId(Ids.STEP);
      String message = Ids.newId(Ids.MESSAGE);
      kafka.produce(new RunStarted(Ids.newId(Ids.EVENT), agentId, runId, Instant.now()),
          chunk(agentId, runId, 1, false, reasoning(message, step, runId, "The user greets me.")),
          chunk(agentId, runId, 2, false, assistant(message, step, runId, "Hello!")),
          completed(agentId, runId));

      Frame reasoning = sse.next(10);
      assertThat(reasoning.type()).isEqualTo("reasoning_message");
      assertThat(reasoning.json().path("reasoning").asText()).isEqualTo("The user greets me.");
      assertThat(reasoning.json().has("seq_id")).isTrue();
      assertThat(reasoning.json().path("seq_id").isNull()).as("no seq_id outside background mode").isTrue();
      Frame assistant = sse.next(10);
      assertThat(assistant.type()).isEqualTo("assistant_message");
      assertThat(assistant.json().path("content").asText()).isEqualTo("Hello!");
      assertThat(assistant.json().path("run_id").asText()).isEqualTo(runId);
      assertEnd(sse, "end_turn");
      assertThat(sse.ended(10)).isTrue();
    }
  }

  @Test
  void streamingTrueOnTheMessagesEndpointStreamsTooAndFiltersMessageTypes() throws Exception {
    String agentId = agent();
    try (SseClient sse = SseClient.post(uri("/v1/agents/" + agentId + "/messages"), Map.of("input", "hi",
        "streaming", true, "include_return_message_types", List.of("assistant_message")))) {
      assertThat(sse.status()).isEqualTo(200);
      assertThat(sse.contentType()).startsWith("text/event-stream");
      String runId = sse.next(10).json().path("run_id").asText();
      String step = Ids.newId(Ids.STEP);
      String message = Ids.newId(Ids.MESSAGE);
      kafka.produce(chunk(agentId, runId, 1, false, reasoning(message, step, runId, "thinking")),
          chunk(agentId, runId, 2, false, assistant(message, step, runId, "only me")),
          completed(agentId, runId));
      Frame only = sse.next(10);
      assertThat(only.type()).isEqualTo("assistant_message");
      assertThat(only.json().path("content").asText()).isEqualTo("only me");
      assertEnd(sse, "end_turn");
    }
  }

  @Test
  void tokenDeltasStreamAndTheWholeMessageIsNotRepeated() throws Exception {
    String agentId = agent();
    try (SseClient sse = SseClient.post(uri("/v1/agents/" + agentId + "/messages/stream"),
        Map.of("input", "hi", "stream_tokens", true, "include_pings", false))) {
      MessageReceived received = kafka.awaitInbox(agentId, MessageReceived.class, 0);
      assertThat(received.streamTokens()).isTrue();
      String runId = received.runId();
      String step = Ids.newId(Ids.STEP);
      String message = Ids.newId(Ids.MESSAGE);
      kafka.produce(chunk(agentId, runId, 1, true, assistant(message, step, runId, "Hel")),
          chunk(agentId, runId, 2, true, assistant(message, step, runId, "lo")),
          chunk(agentId, runId, 3, false, assistant(message, step, runId, "Hello")),
          chunk(agentId, runId, 4, false, new ToolReturnMessage(Ids.newId(Ids.MESSAGE), DATE, null, null, null, step,
              runId, "ok", "success", "call-1", null)),
          completed(agentId, runId));
      // include_pings false: no initial ping; the deltas, then the tool return whole; not the whole "Hello".
      assertThat(sse.next(10).json().path("content").asText()).isEqualTo("Hel");
      assertThat(sse.next(10).json().path("content").asText()).isEqualTo("lo");
      assertThat(sse.next(10).type()).isEqualTo("tool_return_message");
      assertEnd(sse, "end_turn");
    }
  }

  @Test
  void keepalivePingsWhileNothingElseIsSent() throws Exception {
    String agentId = agent();
    try (SseClient sse = SseClient.post(uri("/v1/agents/" + agentId + "/messages/stream"), Map.of("input", "hi"))) {
      String runId = sse.next(10).json().path("run_id").asText();
      Frame keepalive = sse.nextWithPings(5);
      assertThat(keepalive.type()).isEqualTo("ping");
      assertThat(keepalive.json().path("run_id").asText()).isEqualTo(runId);
      kafka.produce(completed(agentId, runId));
      assertThat(sse.next(10).type()).as("keepalives skipped").isEqualTo("stop_reason");
    }
  }

  @Test
  void aFailedRunEndsWithTheErrorTriple() throws Exception {
    String agentId = agent();
    try (SseClient sse = SseClient.post(uri("/v1/agents/" + agentId + "/messages/stream"),
        Map.of("input", "hi", "include_pings", false))) {
      String runId = kafka.awaitInbox(agentId, MessageReceived.class, 0).runId();
      kafka.produce(new RunFailed(Ids.newId(Ids.EVENT), agentId, runId, StopReason.LLM_API_ERROR, "llm_timeout",
          "The model did not answer within 30 s", List.of(), UsageStatistics.ZERO, Instant.now()));
      Frame stop = sse.next(10);
      assertThat(stop.event()).isNull();
      assertThat(stop.json().path("stop_reason").asText()).isEqualTo("llm_api_error");
      Frame error = sse.next(10);
      assertThat(error.event()).isEqualTo("error");
      assertShape("LettaErrorMessage", error.json());
      assertThat(error.json().path("run_id").asText()).isEqualTo(runId);
      assertThat(error.json().path("error_type").asText()).isEqualTo("llm_timeout");
      assertThat(error.json().path("message").asText()).contains("did not answer");
      assertThat(sse.next(10).data()).isEqualTo("[DONE]");
    }
  }

  @Test
  void aCancelledRunEndsWithStopReasonCancelledThenDone() throws Exception {
    String agentId = agent();
    try (SseClient sse = SseClient.post(uri("/v1/agents/" + agentId + "/messages/stream"),
        Map.of("input", "hi", "include_pings", false))) {
      String runId = kafka.awaitInbox(agentId, MessageReceived.class, 0).runId();
      kafka.produce(new RunCompleted(Ids.newId(Ids.EVENT), agentId, runId, StopReason.CANCELLED, List.of(),
          UsageStatistics.ZERO, Instant.now()));
      Frame stop = sse.next(10);
      assertShape("LettaStopReason", stop.json());
      assertThat(stop.json().path("stop_reason").asText()).isEqualTo("cancelled");
      assertThat(sse.next(10).data()).isEqualTo("[DONE]");
      assertThat(sse.ended(10)).isTrue();
    }
  }

  @Test
  void aBackgroundStreamResumesWithoutGapOrDuplicateWhileTheRunGoesOn() throws Exception {
    String agentId = agent();
    String runId;
    String step = Ids.newId(Ids.STEP);
    try (SseClient first = SseClient.post(uri("/v1/agents/" + agentId + "/messages/stream"),
        Map.of("input", "hi", "background", true, "stream_tokens", true))) {
      Frame ping = first.next(10);
      runId = ping.json().path("run_id").asText();
      assertThat(ping.json().path("seq_id").asLong()).isZero();
      kafka.produce(delta(agentId, runId, step, 1), delta(agentId, runId, step, 2));
      assertThat(first.next(10).json().path("seq_id").asLong()).isEqualTo(1);
      assertThat(first.next(10).json().path("seq_id").asLong()).isEqualTo(2);
    } // the client drops the connection mid-run; the run goes on
    kafka.produce(delta(agentId, runId, step, 3), delta(agentId, runId, step, 4));

    // Resume while step-runner keeps producing: replay (3, 4, and whatever else is stored) then live, in order.
    int last = 60;
    Thread producer = Thread.ofVirtual().start(() -> {
      for (int seq = 5; seq <= last; seq++) {
        kafka.produce(delta(agentId, runId, step, seq));
      }
      kafka.produce(completed(agentId, runId));
    });
    List<Long> seen = new ArrayList<>();
    try (SseClient resumed = SseClient.post(uri("/v1/runs/" + runId + "/stream"),
        Map.of("starting_after", 2, "include_pings", false, "batch_size", 7))) {
      assertThat(resumed.status()).isEqualTo(200);
      Frame frame = resumed.next(20);
      while (frame.type().equals("assistant_message")) {
        seen.add(frame.json().path("seq_id").asLong());
        frame = resumed.next(20);
      }
      assertThat(frame.type()).isEqualTo("stop_reason");
      assertThat(resumed.next(10).type()).isEqualTo("usage_statistics");
      assertThat(resumed.next(10).data()).isEqualTo("[DONE]");
    }
    producer.join();
    List<Long> expected = new ArrayList<>();
    for (long seq = 3; seq <= last; seq++) {
      expected.add(seq);
    }
    assertThat(seen).containsExactlyElementsOf(expected);

    // Ended runs replay from the log alone, also from a stream component that never saw the run live (as a
    // freshly restarted agent-api instance): everything after starting_after, then the end.
    StreamHub fresh = new StreamHub(chunks, runs, config, new SimpleMeterRegistry());
    try {
      List<SseFrame> replay = fresh.open(new StreamSpec(runId, 57, true, null, false, false, 100,
          Duration.ofMillis(100))).collect().asList().await().atMost(Duration.ofSeconds(20));
      assertThat(replay).extracting(f -> f.data().startsWith("{") ? StreamFrames.read(f.data()).path("seq_id")
          .asLong(-1) : -2L).containsExactly(58L, 59L, 60L, -1L, -1L, -2L);
    } finally {
      fresh.stop(null);
    }
  }

  @Test
  void resumeIsRefusedForNonBackgroundAndUnknownRunsAndBadCursors() throws Exception {
    String agentId = agent();
    String runId;
    try (SseClient sse = SseClient.post(uri("/v1/agents/" + agentId + "/messages/stream"), Map.of("input", "hi"))) {
      runId = sse.next(10).json().path("run_id").asText();
    }
    SseClient notBackground = SseClient.post(uri("/v1/runs/" + runId + "/stream"), Map.of());
    assertThat(notBackground.status()).isEqualTo(400);
    assertThat(notBackground.errorBody().path("detail").asText()).contains("background");
    SseClient unknown = SseClient.post(uri("/v1/runs/" + Ids.newId(Ids.RUN) + "/stream"), Map.of());
    assertThat(unknown.status()).isEqualTo(404);
    SseClient badCursor = SseClient.post(uri("/v1/runs/" + runId + "/stream"), Map.of("starting_after", -1));
    assertThat(badCursor.status()).isEqualTo(422);
    assertThat(badCursor.errorBody().path("detail").asText()).contains("starting_after");
    SseClient noAgent = SseClient.post(uri("/v1/agents/" + Ids.newId(Ids.AGENT) + "/messages/stream"),
        Map.of("input", "hi"));
    assertThat(noAgent.status()).isEqualTo(404);
    SseClient badInput = SseClient.post(uri("/v1/agents/" + agentId + "/messages/stream"), Map.of("input", ""));
    assertThat(badInput.status()).isEqualTo(422);
    // The client went away before the run ended: the run goes on and ends normally.
    kafka.produce(completed(agentId, runId));
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/v1/runs/" + runId).then()
        .statusCode(200).body("status", equalTo("completed")).body("background", equalTo(false)));
  }

  @Test
  void aStreamWithoutWakeUpsStillSeesTheLogThroughThePerRunCheck() throws Exception {
    String agentId = agent();
    try (SseClient sse = SseClient.post(uri("/v1/agents/" + agentId + "/messages/stream"),
        Map.of("input", "hi", "background", true, "include_pings", false))) {
      String runId = kafka.awaitInbox(agentId, MessageReceived.class, 0).runId();
      // Written straight to the log, as another instance's consumer would, with no event reaching this one.
      chunks.append(delta(agentId, runId, Ids.newId(Ids.STEP), 1));
      chunks.end(runId, new EndOfRun(StopReason.END_TURN, new UsageStatistics(10, 20, 30, 1), null, null, false));
      assertThat(sse.next(10).json().path("seq_id").asLong()).isEqualTo(1);
      assertEnd(sse, "end_turn");
    }
  }

  @Test
  void redeliveredChunksAreStoredOnce() throws Exception {
    String agentId = agent();
    String runId;
    try (SseClient sse = SseClient.post(uri("/v1/agents/" + agentId + "/messages/stream"),
        Map.of("input", "hi", "background", true))) {
      runId = sse.next(10).json().path("run_id").asText();
      MessageChunk once = delta(agentId, runId, Ids.newId(Ids.STEP), 1);
      kafka.produce(once, once, completed(agentId, runId));
      assertThat(sse.next(10).json().path("seq_id").asLong()).isEqualTo(1);
      assertThat(sse.next(10).type()).isEqualTo("stop_reason");
    }
    List<StoredChunk> stored = chunks.after(runId, 0, 100);
    assertThat(stored).extracting(StoredChunk::seqId).containsExactly(1L, 2L);
    assertThat(stored.get(1).end()).isTrue();
    assertThat(chunks.purge(Instant.now().plusSeconds(1))).isGreaterThanOrEqualTo(2);
    assertThat(chunks.after(runId, 0, 100)).isEmpty();
  }

  static void assertEnd(SseClient sse, String stopReason) throws InterruptedException {
    Frame stop = sse.next(10);
    assertShape("LettaStopReason", stop.json());
    assertThat(stop.json().path("stop_reason").asText()).isEqualTo(stopReason);
    Frame usage = sse.next(10);
    assertShape("LettaUsageStatistics", usage.json());
    assertThat(usage.json().path("total_tokens").asInt()).isEqualTo(30);
    assertThat(sse.next(10).data()).isEqualTo("[DONE]");
  }

  private URI uri(String path) {
    return base.resolve(path);
  }

  static String agent() {
    return createAgent(Map.of()).get("id").asText();
  }
}
