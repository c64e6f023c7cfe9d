package dev.engram.steprunner.loop;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.engram.contracts.Ids;
import dev.engram.contracts.Json;
import dev.engram.contracts.StopReason;
import dev.engram.contracts.api.AgentSnapshot;
import dev.engram.contracts.api.InputMessage;
import dev.engram.contracts.api.LlmConfig;
import dev.engram.contracts.api.ToolDefinition;
import dev.engram.contracts.events.MessageChunk;
import dev.engram.contracts.events.MessageReceived;
import dev.engram.contracts.events.RunCompleted;
import dev.engram.contracts.events.RunEvent;
import dev.engram.contracts.events.RunFailed;
import dev.engram.contracts.message.AssistantMessage;
import dev.engram.contracts.message.ToolCallMessage;
import dev.engram.contracts.message.ToolReturnMessage;
import dev.engram.steprunner.StepRunnerTestResource;
import dev.engram.steprunner.StepRunnerTopics;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * step-runner's event flow against real Kafka, PostgreSQL, memory-service and the scripted model:
 * MessageReceived in, RunCompleted out, memory tools applied, per-agent order, no head-of-line blocking.
 */
@QuarkusTest
@QuarkusTestResource(StepRunnerTestResource.class)
class StepFlowTest {
  private static final ToolDefinition MEMORY_INSERT = new ToolDefinition("tool-1", "memory_insert",
      "Insert text into a memory block.", ToolDefinition.LETTA_MEMORY_CORE, Map.of("name", "memory_insert",
      "parameters", Map.of("type", "object", "properties", Map.of("label", Map.of("type", "string"), "new_string",
          Map.of("type", "string"), "insert_line", Map.of("type", "integer")), "required", List.of("label",
          "new_string"))), null);

  private static StepRunnerTopics topics;
  private static List<RunEvent> RUN_EVENTS;

  @BeforeAll
  static void connect() {
    topics = StepRunnerTopics.open();
    RUN_EVENTS = topics.runEvents();
  }

  @AfterAll
  static void disconnect() {
    topics.close();
  }

  private static String newAgent() throws Exception {
    return StepRunnerTopics.newAgent();
  }

  private static MessageReceived send(String agentId, String text) {
    var agent = new AgentSnapshot(agentId, "flow", "letta_v1_agent", "You test flows.",
        new LlmConfig("scripted-model", "openai", null, 32768, "scripted/scripted-model", "scripted", "base", null,
            null, false), List.of(MEMORY_INSERT), "UTC");
    var event = new MessageReceived(Ids.newId(Ids.EVENT), agentId, Ids.newId(Ids.RUN), agent,
        List.of(new InputMessage("user", text, null, null)), 10, Instant.now());
    topics.publish(agentId, event);
    topics.flush();
    return event;
  }

  private static RunEvent awaitEnd(String runId) {
    await().atMost(Duration.ofSeconds(60)).until(() -> end(runId) != null);
    return end(runId);
  }

  private static RunEvent end(String runId) {
    return topics.end(runId);
  }

  @Test
  void memoryToolCallIsAppliedAndTheRunCompletesWithItsMessages() throws Exception {
    String agentId = newAgent();
    MessageReceived sent = send(agentId, "Remember me <<script>> [{\"tool\":\"memory_insert\",\"args\":"
        + "{\"label\":\"human\",\"new_string\":\"Likes tea\"}}, {\"text\":\"Saved.\"}] <</script>>");

    RunEvent end = awaitEnd(sent.runId());

    assertThat(end).isInstanceOfSatisfying(RunCompleted.class, done -> {
      assertThat(done.stopReason()).isEqualTo(StopReason.END_TURN);
      assertThat(done.usage().stepCount()).isEqualTo(2);
      assertThat(done.messages()).hasSize(3);
      assertThat(done.messages().get(0)).isInstanceOf(ToolCallMessage.class);
      assertThat(done.messages().get(1)).isInstanceOfSatisfying(ToolReturnMessage.class,
          r -> assertThat(r.status()).isEqualTo("success"));
      assertThat(done.messages().get(2)).isInstanceOfSatisfying(AssistantMessage.class,
          a -> assertThat(a.content()).isEqualTo("Saved."));
    });
    List<Map<String, Object>> history = given().get("/internal/agents/" + agentId + "/messages?order=asc")
        .then().statusCode(200).extract().jsonPath().getList("$");
    assertThat(history).extracting(m -> m.get("message_type")).containsExactly("system_message", "user_message",
        "tool_call_message", "tool_return_message", "assistant_message");
    assertThat((String) history.get(0).get("content")).contains("Likes tea");
  }

  @Test
  void aRunNobodyStreamsPublishesNoChunksButEndsWithAllItsMessages() throws Exception {
    String agentId = newAgent();
    String script = " <<script>> [{\"tool\":\"memory_insert\",\"args\":{\"label\":\"human\","
        + "\"new_string\":\"Likes chess\"}}, {\"text\":\"Done.\"}] <</script>>";
    MessageReceived chunked = send(agentId, "Streamed" + script);
    assertThat(awaitEnd(chunked.runId())).isInstanceOf(RunCompleted.class);
    MessageReceived plain = new MessageReceived(Ids.newId(Ids.EVENT), agentId, Ids.newId(Ids.RUN), chunked.agent(),
        List.of(new InputMessage("user", "Request-response" + script, null, null)), 10, Instant.now(), null, false,
        null, null, false);
    topics.publish(agentId, plain);
    topics.flush();

    assertThat(awaitEnd(plain.runId())).isInstanceOfSatisfying(RunCompleted.class, done -> {
      assertThat(done.messages()).hasSize(3);
      assertThat(done.usage().stepCount()).isEqualTo(2);
    });
    List<RunEvent> events = topics.runEvents();
    assertThat(events).filteredOn(e -> e.runId().equals(chunked.runId())).filteredOn(MessageChunk.class::isInstance)
        .hasSize(3);
    // The first step is announced on its own; the last one inside the run's end, committed with it.
    assertThat(events).filteredOn(e -> e.runId().equals(plain.runId())).extracting(e -> e.getClass().getSimpleName())
        .containsExactly("RunStarted", "StepCompleted", "RunCompleted");
    assertThat(events).filteredOn(e -> e.runId().equals(plain.runId())).filteredOn(RunCompleted.class::isInstance)
        .singleElement().satisfies(e -> assertThat(((RunCompleted) e).lastStep().stepIndex()).isEqualTo(1));
  }

  @Test
  void aRunHandsItsInputsAndMessagesToRecallMemoryOnceEach() throws Exception {
    String agentId = newAgent();
    // One step: the input and the answer reach recall memory in one event, with the run's end.
    MessageReceived single = send(agentId, "Plain question <<script>> [{\"text\":\"Plain answer.\"}] <</script>>");
    assertThat(awaitEnd(single.runId())).isInstanceOf(RunCompleted.class);
    // Two steps: the first step's messages go with its commit, the input with the run's last step.
    MessageReceived twoSteps = send(agentId, "Remember <<script>> [{\"tool\":\"memory_insert\",\"args\":"
        + "{\"label\":\"human\",\"new_string\":\"Likes jazz\"}}, {\"text\":\"Noted.\"}] <</script>>");
    assertThat(awaitEnd(twoSteps.runId())).isInstanceOf(RunCompleted.class);
    // A failed run still hands over what it was given.
    MessageReceived failed = send(agentId, "Broken <<script>> [{\"error\":500}] <</script>>");
    assertThat(awaitEnd(failed.runId())).isInstanceOf(RunFailed.class);

    await().atMost(Duration.ofSeconds(30)).until(() -> topics.recallEvents(agentId).size() >= 4);
    List<dev.engram.contracts.events.MessagesPersisted> events = topics.recallEvents(agentId);
    assertThat(events).extracting(e -> e.messages().stream().map(m -> m.role() + ":" + m.text()).toList())
        .containsExactly(
            List.of("user:Plain question <<script>> [{\"text\":\"Plain answer.\"}] <</script>>",
                "assistant:Plain answer."),
            List.of("assistant:", "tool:" + events.get(1).messages().get(1).text()),
            List.of("user:" + twoSteps.messages().getFirst().content(), "assistant:Noted."),
            List.of("user:" + failed.messages().getFirst().content()));
    assertThat(events.get(1).messages().get(0).toolNames()).containsExactly("memory_insert");
    // Every message once: recall memory is fed no duplicates.
    assertThat(events.stream().flatMap(e -> e.messages().stream()).map(m -> m.messageId()).distinct().count())
        .isEqualTo(7);
    assertThat(events.stream().flatMap(e -> e.messages().stream()).map(m -> m.runId()).toList())
        .containsExactly(single.runId(), single.runId(), twoSteps.runId(), twoSteps.runId(), twoSteps.runId(),
            twoSteps.runId(), failed.runId());
  }

  @Test
  void aBlockChangedOutsideTheAgentReachesItsNextSteps() throws Exception {
    String agentId = newAgent();
    awaitEnd(send(agentId, "one").runId());
    String memoryUrl = ConfigProvider.getConfig().getValue("quarkus.rest-client.memory-service.url", String.class);
    HttpResponse<String> patched = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create(memoryUrl + "/internal/agents/" + agentId + "/blocks/human"))
            .header("content-type", "application/json")
            .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"value\":\"Name: Grace\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);

    // The cached blocks are dropped when BlockUpdated arrives; a later step compiles the new value.
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      awaitEnd(send(agentId, "again").runId());
      List<Map<String, Object>> history = given().get("/internal/agents/" + agentId + "/messages?order=asc&limit=1")
          .then().statusCode(200).extract().jsonPath().getList("$");
      assertThat((String) history.get(0).get("content")).contains("Name: Grace");
    });
  }

  @Test
  void anEditOfASharedBlockByOneAgentIsInTheOtherAgentsNextPrompt() throws Exception {
    String memoryUrl = ConfigProvider.getConfig().getValue("quarkus.rest-client.memory-service.url", String.class);
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> block = http.send(HttpRequest.newBuilder(URI.create(memoryUrl + "/v1/blocks/"))
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"label\":\"team\",\"value\":\"Members: Ann\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(block.statusCode()).as(block.body()).isEqualTo(200);
    String blockId = Json.MAPPER.readTree(block.body()).get("id").asText();
    String first = newAgent();
    String second = newAgent();
    for (String agent : List.of(first, second)) {
      HttpResponse<String> attached = http.send(HttpRequest.newBuilder(
              URI.create(memoryUrl + "/internal/agents/" + agent + "/blocks/attach/" + blockId))
              .method("PATCH", HttpRequest.BodyPublishers.noBody()).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(attached.statusCode()).as(attached.body()).isEqualTo(200);
    }
    // The second agent runs first, so its blocks are cached when the first agent edits the shared one.
    awaitEnd(send(second, "hello").runId());
    RunEvent edit = awaitEnd(send(first, "Ben joined <<script>> [{\"tool\":\"memory_insert\",\"args\":"
        + "{\"label\":\"team\",\"new_string\":\"Members: Ben\"}}, {\"text\":\"Added.\"}] <</script>>").runId());
    assertThat(edit).isInstanceOf(RunCompleted.class);

    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      awaitEnd(send(second, "who is on the team?").runId());
      List<Map<String, Object>> history = given().get("/internal/agents/" + second + "/messages?order=asc&limit=1")
          .then().statusCode(200).extract().jsonPath().getList("$");
      assertThat((String) history.get(0).get("content")).contains("Members: Ann\nMembers: Ben");
    });
  }

  @Test
  void runsOfOneAgentFinishInTheOrderTheyWereAccepted() throws Exception {
    String agentId = newAgent();
    List<MessageReceived> sent = List.of(
        send(agentId, "first <<latency:300>>"), send(agentId, "second"), send(agentId, "third"));

    sent.forEach(e -> awaitEnd(e.runId()));

    List<String> order = RUN_EVENTS.stream().filter(e -> e instanceof RunCompleted && e.agentId().equals(agentId))
        .map(RunEvent::runId).toList();
    assertThat(order).containsExactly(sent.get(0).runId(), sent.get(1).runId(), sent.get(2).runId());
    List<Map<String, Object>> history = given().get("/internal/agents/" + agentId + "/messages")
        .then().statusCode(200).extract().jsonPath().getList("$");
    assertThat(history).filteredOn(m -> "assistant_message".equals(m.get("message_type")))
        .extracting(m -> m.get("content"))
        .containsExactly("Echo: first", "Echo: second", "Echo: third");
  }

  @Test
  void aSlowModelCallOfOneAgentDoesNotDelayAnother() throws Exception {
    String slowAgent = newAgent();
    String fastAgent = newAgent();
    MessageReceived slow = send(slowAgent, "slow <<latency:4000>>");
    MessageReceived fast = send(fastAgent, "fast");

    awaitEnd(fast.runId());

    assertThat(end(slow.runId())).as("the slow run is still waiting for its model").isNull();
    assertThat(awaitEnd(slow.runId())).isInstanceOf(RunCompleted.class);
  }

  @Test
  void aRedeliveredMessageDoesNotRunTwice() throws Exception {
    String agentId = newAgent();
    MessageReceived first = send(agentId, "once");
    topics.publish(agentId, first);
    MessageReceived next = send(agentId, "after");

    awaitEnd(next.runId());

    assertThat(RUN_EVENTS.stream().filter(e -> e.runId().equals(first.runId()) && e instanceof RunCompleted))
        .hasSize(1);
    List<Map<String, Object>> history = given().get("/internal/agents/" + agentId + "/messages")
        .then().statusCode(200).extract().jsonPath().getList("$");
    assertThat(history).filteredOn(m -> "user_message".equals(m.get("message_type")))
        .extracting(m -> m.get("content")).containsExactly("once", "after");
  }

  @Test
  void aModelErrorEndsTheRunAsFailedWithLettasStopReason() throws Exception {
    String agentId = newAgent();
    MessageReceived sent = send(agentId, "<<script>> [{\"error\": 401, \"message\": \"bad key\"}] <</script>>");

    assertThat(awaitEnd(sent.runId())).isInstanceOfSatisfying(RunFailed.class, failed -> {
      assertThat(failed.stopReason()).isEqualTo(StopReason.LLM_API_ERROR);
      assertThat(failed.errorType()).isEqualTo("llm_authentication");
    });
  }
}
