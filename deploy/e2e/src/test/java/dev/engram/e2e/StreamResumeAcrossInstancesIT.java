package dev.engram.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.local.Platform;
import dev.engram.local.Platform.Service;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two agent-api instances on one PostgreSQL and Kafka: a background stream started on instance A is dropped
 * mid-run and resumed on instance B with {@code starting_after}; B tails the run to its end without a gap or a
 * repeated seq_id, ending with stop_reason, usage_statistics and [DONE] (ADR 0008: the log, not the instance,
 * holds the stream).
 */
class StreamResumeAcrossInstancesIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration FRAME_TIMEOUT = Duration.ofSeconds(60);
  private static final String ANSWER = "The search found nothing new, so here is my answer after a long think.";

  @RegisterExtension
  static final E2eRun RUN = new E2eRun();

  private static String instanceA;
  private static String instanceB;

  @BeforeAll
  static void startPlatformWithASecondAgentApi() {
    Platform platform = RUN.startPlatform();
    instanceA = platform.apiUrl();
    instanceB = platform.startReplica(Service.AGENT_API);
  }

  @Test
  void aBackgroundStreamStartedOnOneInstanceResumesOnAnotherWithoutGapOrRepeat() throws Exception {
    LettaApi a = new LettaApi(instanceA);
    LettaApi b = new LettaApi(instanceB);
    String agentId = a.createAgent("failover-" + System.currentTimeMillis()).get("id").asText();
    // One quick tool step, then a slow model answer: the run is still going when the client comes back.
    String script = "<<script>> " + JSON.writeValueAsString(List.of(
        Map.of("tool", "conversation_search", "args", Map.of("query", "hello"), "latency_ms", 300),
        Map.of("text", ANSWER, "latency_ms", 5000))) + " <</script>>";
    ObjectNode send = JSON.createObjectNode().put("background", true).put("stream_tokens", true);
    send.putArray("messages").addObject().put("role", "user").put("content", "Search, then answer. " + script);

    String runId;
    List<Long> seenOnA = new ArrayList<>();
    try (SseStream first = SseStream.post(instanceA + "/v1/agents/" + agentId + "/messages/stream", send)) {
      SseStream.Frame ping = first.next(FRAME_TIMEOUT);
      assertThat(ping.type()).isEqualTo("ping");
      assertThat(ping.json().path("seq_id").asLong()).isZero();
      runId = ping.json().path("run_id").asText();
      assertThat(runId).startsWith("run-");
      String type = "";
      while (!type.equals("tool_return_message")) {
        SseStream.Frame frame = first.next(FRAME_TIMEOUT);
        type = frame.type();
        if (!type.equals("ping")) {
          seenOnA.add(frame.json().path("seq_id").asLong());
        }
      }
    } // the client drops its connection to instance A mid-run
    long lastSeen = seenOnA.getLast();
    assertThat(seenOnA).as("seq ids on A").containsExactlyElementsOf(range(1, lastSeen));
    assertThat(b.run(runId).path("status").asText()).as("the run goes on while nobody listens")
        .isIn("created", "running");

    ObjectNode resume = JSON.createObjectNode().put("starting_after", lastSeen);
    List<Long> seenOnB = new ArrayList<>();
    Map<String, StringBuilder> textByOtid = new LinkedHashMap<>();
    try (SseStream resumed = SseStream.post(instanceB + "/v1/runs/" + runId + "/stream", resume)) {
      SseStream.Frame frame = resumed.next(FRAME_TIMEOUT);
      while (!frame.type().equals("stop_reason")) {
        JsonNode chunk = frame.json();
        assertThat(chunk.path("run_id").asText()).isEqualTo(runId);
        if (!frame.type().equals("ping")) {
          seenOnB.add(chunk.path("seq_id").asLong());
          if (frame.type().equals("assistant_message")) {
            textByOtid.computeIfAbsent(chunk.path("otid").asText(), k -> new StringBuilder())
                .append(chunk.path("content").asText());
          }
        }
        frame = resumed.next(FRAME_TIMEOUT);
      }
      assertThat(frame.json().path("stop_reason").asText()).isEqualTo("end_turn");
      SseStream.Frame usage = resumed.next(FRAME_TIMEOUT);
      assertThat(usage.type()).isEqualTo("usage_statistics");
      assertThat(usage.json().path("step_count").asInt()).isGreaterThanOrEqualTo(2);
      assertThat(resumed.next(FRAME_TIMEOUT).data()).isEqualTo("[DONE]");
      assertThat(resumed.ends(FRAME_TIMEOUT)).isTrue();
    }
    assertThat(seenOnB).as("B continues right after A's last chunk, without a gap or a repeat")
        .isNotEmpty().containsExactlyElementsOf(range(lastSeen + 1, lastSeen + seenOnB.size()));
    assertThat(textByOtid.values()).extracting(StringBuilder::toString).containsExactly(ANSWER);
    assertThat(a.run(runId).path("status").asText()).isEqualTo("completed");

    // Replayed from the start through A once ended: the same seq ids A and B showed together.
    ObjectNode fromStart = JSON.createObjectNode().put("starting_after", 0).put("include_pings", false);
    List<Long> replay = new ArrayList<>();
    try (SseStream again = SseStream.post(instanceA + "/v1/runs/" + runId + "/stream", fromStart)) {
      SseStream.Frame frame = again.next(FRAME_TIMEOUT);
      while (!frame.type().equals("stop_reason")) {
        replay.add(frame.json().path("seq_id").asLong());
        frame = again.next(FRAME_TIMEOUT);
      }
    }
    List<Long> both = new ArrayList<>(seenOnA);
    both.addAll(seenOnB);
    assertThat(replay).containsExactlyElementsOf(both);
  }

  private static List<Long> range(long from, long to) {
    return LongStream.rangeClosed(from, to).boxed().toList();
  }
}
