package dev.engram.steprunner.loop;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.engram.contracts.Ids;
import dev.engram.contracts.StopReason;
import dev.engram.contracts.Topics;
import dev.engram.contracts.events.MessageChunk;
import dev.engram.contracts.events.MessageReceived;
import dev.engram.contracts.events.RunCancellationRequested;
import dev.engram.contracts.events.RunCompleted;
import dev.engram.contracts.events.RunEvent;
import dev.engram.contracts.events.RunFailed;
import dev.engram.contracts.events.RunStarted;
import dev.engram.contracts.message.ToolReturnMessage;
import dev.engram.local.TopicReader;
import dev.engram.steprunner.StepRunnerTestResource;
import dev.engram.steprunner.stream.StreamingRuns;
import dev.engram.steprunner.StepRunnerTopics;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * RunCancellationRequested against real Kafka, PostgreSQL, memory-service and a slow scripted model: an active
 * run stops at once without waiting for its model call and never leaves a tool call without its return, a
 * queued run ends without starting, the agent's next run starts normally, and repeating a cancellation or
 * cancelling a finished or unknown run changes nothing.
 */
@QuarkusTest
@QuarkusTestResource(StepRunnerTestResource.class)
class CancellationFlowTest {
  /** The model would answer after this long: a run that ends sooner did not wait for it. */
  private static final int SLOW_MS = 30_000;
  private static final Duration PROMPTLY = Duration.ofSeconds(10);

  private static StepRunnerTopics topics;

  @Inject
  CancellationService cancellationService;

  @BeforeAll
  static void connect() {
    topics = StepRunnerTopics.open();
  }

  @AfterAll
  static void disconnect() {
    topics.close();
  }

  private static MessageReceived send(String agentId, String text) {
    return StreamingRuns.send(topics, agentId, text, false);
  }

  private static RunCancellationRequested cancel(String agentId, String runId) {
    RunCancellationRequested request = new RunCancellationRequested(Ids.newId(Ids.EVENT), agentId, runId,
        Instant.now());
    topics.publish(agentId, request);
    topics.flush();
    return request;
  }

  private static List<RunEvent> ends(String runId) {
    return topics.runEvents().stream()
        .filter(e -> e.runId().equals(runId) && (e instanceof RunCompleted || e instanceof RunFailed)).toList();
  }

  private static RunCompleted awaitCancelled(String runId, Duration within) {
    await().atMost(within).until(() -> topics.end(runId) != null);
    RunEvent end = topics.end(runId);
    assertThat(end).isInstanceOfSatisfying(RunCompleted.class,
        c -> assertThat(c.stopReason()).isEqualTo(StopReason.CANCELLED));
    return (RunCompleted) end;
  }

  private static List<Map<String, Object>> history(String agentId) {
    return given().get("/internal/agents/" + agentId + "/messages?order=asc&limit=100")
        .then().statusCode(200).extract().jsonPath().getList("$");
  }

  @Test
  void aRunCancelledDuringItsModelCallEndsAtOnceWithItsToolCallsWholeAndTheNextRunStarts() throws Exception {
    String agentId = StepRunnerTopics.newAgent();
    MessageReceived slow = send(agentId, "Remember <<script>> [{\"tool\":\"memory_insert\",\"args\":{\"label\":"
        + "\"human\",\"new_string\":\"Likes tea\"}}, {\"text\":\"never said\", \"latency_ms\": " + SLOW_MS
        + "}] <</script>>");
    MessageReceived next = send(agentId, "next");
    // The first step (tool call and return) is committed once its tool return chunk is out; the second model
    // call is then in flight for 30 s.
    await().atMost(Duration.ofSeconds(60)).until(() -> topics.runEvents().stream().anyMatch(e ->
        e instanceof MessageChunk c && c.runId().equals(slow.runId()) && c.message() instanceof ToolReturnMessage));

    cancel(agentId, slow.runId());

    RunCompleted cancelled = awaitCancelled(slow.runId(), PROMPTLY);
    assertThat(cancelled.messages()).extracting(m -> m.getClass().getSimpleName())
        .containsExactly("ToolCallMessage", "ToolReturnMessage");
    RunEvent after = awaitEndWithin(next.runId(), PROMPTLY);
    assertThat(after).isInstanceOfSatisfying(RunCompleted.class, c -> {
      assertThat(c.stopReason()).isEqualTo(StopReason.END_TURN);
      assertThat(c.messages()).singleElement().extracting("content").isEqualTo("Echo: next");
    });
    assertThat(history(agentId)).extracting(m -> m.get("message_type")).containsExactly("system_message",
        "user_message", "tool_call_message", "tool_return_message", "user_message", "assistant_message");
  }

  @Test
  void aModelAnswerArrivingAfterTheCancellationIsDroppedSoItsToolCallNeverRuns() throws Exception {
    String agentId = StepRunnerTopics.newAgent();
    MessageReceived slow = send(agentId, "Remember <<script>> [{\"tool\":\"memory_insert\",\"args\":{\"label\":"
        + "\"human\",\"new_string\":\"Likes coffee\"}, \"latency_ms\": " + SLOW_MS + "}] <</script>>");
    await().atMost(Duration.ofSeconds(60)).until(() -> topics.runEvents().stream()
        .anyMatch(e -> e instanceof RunStarted && e.runId().equals(slow.runId())));

    cancel(agentId, slow.runId());

    assertThat(awaitCancelled(slow.runId(), PROMPTLY).messages()).isEmpty();
    assertThat(history(agentId)).extracting(m -> m.get("message_type"))
        .containsExactly("system_message", "user_message");
    assertThat((String) history(agentId).getFirst().get("content")).doesNotContain("Likes coffee");
  }

  @Test
  void aRunCancelledWhileItsToolRunsCommitsTheCallWithAReturnAndEnds() throws Exception {
    String agentId = StepRunnerTopics.newAgent();
    MessageReceived waiting = StreamingRuns.send(topics, agentId, "<<script>> [{\"tool\":\"fetch_report\","
        + "\"args\":{\"topic\":\"sales\"}}, {\"text\":\"never said\"}] <</script>>", false, "letta_v1_agent",
        List.of(StreamingRuns.UNANSWERED));
    // No tool-executor runs here: once the call is requested, the step waits for an answer (tool timeout 5 min).
    try (TopicReader requests = new TopicReader(
        ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class), Topics.TOOL_CALLS)) {
      await().atMost(Duration.ofSeconds(60))
          .until(() -> requests.values().stream().anyMatch(v -> v.contains(waiting.runId())));
    }

    cancel(agentId, waiting.runId());

    RunCompleted cancelled = awaitCancelled(waiting.runId(), PROMPTLY);
    assertThat(cancelled.messages()).extracting(m -> m.getClass().getSimpleName())
        .containsExactly("ToolCallMessage", "ToolReturnMessage");
    assertThat((ToolReturnMessage) cancelled.messages().get(1)).satisfies(r -> {
      assertThat(r.status()).isEqualTo("error");
      assertThat(r.toolReturn()).contains("cancelled");
    });
    assertThat(history(agentId)).extracting(m -> m.get("message_type")).containsExactly("system_message",
        "user_message", "tool_call_message", "tool_return_message");
  }

  @Test
  void aQueuedRunCancelledEndsWithoutStartingWhileTheActiveRunGoesOn() throws Exception {
    String agentId = StepRunnerTopics.newAgent();
    MessageReceived active = send(agentId, "hold on <<latency:3000>>");
    MessageReceived queued = send(agentId, "queued words");
    MessageReceived last = send(agentId, "last");
    await().atMost(Duration.ofSeconds(60)).until(() -> topics.runEvents().stream()
        .anyMatch(e -> e instanceof RunStarted && e.runId().equals(active.runId())));

    cancel(agentId, queued.runId());

    assertThat(awaitCancelled(queued.runId(), PROMPTLY).messages()).isEmpty();
    assertThat(topics.end(active.runId())).as("the active run is still waiting for its model").isNull();
    assertThat(awaitEndWithin(active.runId(), Duration.ofSeconds(60))).isInstanceOf(RunCompleted.class);
    assertThat(awaitEndWithin(last.runId(), Duration.ofSeconds(60))).isInstanceOf(RunCompleted.class);
    assertThat(topics.runEvents()).noneMatch(e -> e.runId().equals(queued.runId()) && e instanceof RunStarted);
    assertThat(history(agentId)).filteredOn(m -> "user_message".equals(m.get("message_type")))
        .extracting(m -> m.get("content")).containsExactly("hold on <<latency:3000>>", "last");
  }

  @Test
  void cancellingEveryRunOfAnAgentEndsTheActiveAndTheQueuedOnes() throws Exception {
    String agentId = StepRunnerTopics.newAgent();
    MessageReceived active = send(agentId, "slow <<latency:" + SLOW_MS + ">>");
    MessageReceived queued = send(agentId, "waiting");
    await().atMost(Duration.ofSeconds(60)).until(() -> topics.runEvents().stream()
        .anyMatch(e -> e instanceof RunStarted && e.runId().equals(active.runId())));

    cancel(agentId, null);

    awaitCancelled(active.runId(), PROMPTLY);
    awaitCancelled(queued.runId(), PROMPTLY);
    MessageReceived after = send(agentId, "after");
    assertThat(awaitEndWithin(after.runId(), PROMPTLY)).isInstanceOf(RunCompleted.class);
  }

  @Test
  void aCancellationRecordedByAnotherInstanceReachesTheRunThroughThePoller() throws Exception {
    String agentId = StepRunnerTopics.newAgent();
    MessageReceived slow = send(agentId, "slow <<latency:" + SLOW_MS + ">>");
    await().atMost(Duration.ofSeconds(60)).until(() -> topics.runEvents().stream()
        .anyMatch(e -> e instanceof RunStarted && e.runId().equals(slow.runId())));

    // What the instance that consumed the request records; this instance learns of it only from the database.
    assertThat(cancellationService.cancel(new RunCancellationRequested(Ids.newId(Ids.EVENT), agentId, slow.runId(),
        Instant.now()))).containsExactly(slow.runId());

    awaitCancelled(slow.runId(), PROMPTLY);
  }

  @Test
  void cancellingAFinishedOrUnknownRunOrTwiceChangesNothing() throws Exception {
    String agentId = StepRunnerTopics.newAgent();
    MessageReceived done = send(agentId, "quick");
    assertThat(awaitEndWithin(done.runId(), Duration.ofSeconds(60))).isInstanceOf(RunCompleted.class);
    MessageReceived slow = send(agentId, "slow <<latency:" + SLOW_MS + ">>");
    await().atMost(Duration.ofSeconds(60)).until(() -> topics.runEvents().stream()
        .anyMatch(e -> e instanceof RunStarted && e.runId().equals(slow.runId())));

    cancel(agentId, done.runId());
    cancel(agentId, Ids.newId(Ids.RUN));
    RunCancellationRequested request = cancel(agentId, slow.runId());
    topics.publish(agentId, request);
    cancel(agentId, slow.runId());
    awaitCancelled(slow.runId(), PROMPTLY);
    MessageReceived after = send(agentId, "after");

    assertThat(awaitEndWithin(after.runId(), PROMPTLY)).isInstanceOf(RunCompleted.class);
    assertThat(ends(done.runId())).singleElement().isInstanceOfSatisfying(RunCompleted.class,
        c -> assertThat(c.stopReason()).isEqualTo(StopReason.END_TURN));
    assertThat(ends(slow.runId())).hasSize(1);
  }

  private static RunEvent awaitEndWithin(String runId, Duration within) {
    return StreamingRuns.awaitEnd(topics, runId, within);
  }
}
