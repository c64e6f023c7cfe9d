package dev.engram.agentapi.run;

import static dev.engram.agentapi.support.Api.assertShape;
import static dev.engram.agentapi.support.Api.createAgent;
import static dev.engram.agentapi.support.Api.json;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.agentapi.support.AgentApiTestResource;
import dev.engram.agentapi.support.PlaysStepRunner;
import dev.engram.agentapi.support.WebhookReceiver;
import dev.engram.contracts.Ids;
import dev.engram.contracts.StopReason;
import dev.engram.contracts.api.UsageStatistics;
import dev.engram.contracts.events.MessageReceived;
import dev.engram.contracts.events.RunCompleted;
import dev.engram.contracts.events.RunFailed;
import dev.engram.contracts.events.RunStarted;
import dev.engram.contracts.events.StepCompleted;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code POST /v1/agents/{id}/messages/async} with webhooks, and the step and usage reads of a run. */
@QuarkusTest
@QuarkusTestResource(AgentApiTestResource.class)
class AsyncRunsTest extends PlaysStepRunner {
  @Test
  void anAsyncRunAnswersAtOnceAndItsWebhookIsRetriedUntilDelivered() {
    String agentId = createAgent(Map.of()).get("id").asText();
    try (WebhookReceiver hook = WebhookReceiver.failingFirst(2)) {
      JsonNode run = json(given().contentType(ContentType.JSON)
          .body(Map.of("messages", List.of(Map.of("role", "user", "content", "hi")), "callback_url", hook.url()))
          .when().post("/v1/agents/" + agentId + "/messages/async").then().statusCode(200).extract().response());
      assertShape("Run", run);
      String runId = run.get("id").asText();
      assertThat(run.get("status").asText()).isEqualTo("created");
      assertThat(run.get("background").asBoolean()).isTrue();
      assertThat(run.at("/metadata/run_type").asText()).isEqualTo("send_message_async");
      assertThat(run.get("callback_url").asText()).isEqualTo(hook.url());
      assertThat(kafka.awaitInbox(agentId, MessageReceived.class, 0).runId()).isEqualTo(runId);

      // Nothing is sent while the run has not ended.
      kafka.produce(new RunStarted(Ids.newId(Ids.EVENT), agentId, runId, Instant.now()));
      awaitStatus(runId, "running");
      assertThat(hook.received()).isEmpty();

      kafka.produce(new RunCompleted(Ids.newId(Ids.EVENT), agentId, runId, StopReason.END_TURN, List.of(),
          new UsageStatistics(2, 5, 7, 1), Instant.now()));
      // Two 500s, then a 200: three attempts, the last one recorded on the run.
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().when().get("/v1/runs/" + runId).then()
          .statusCode(200).body("callback_status_code", equalTo(200)));
      JsonNode done = json(given().when().get("/v1/runs/" + runId).then().statusCode(200).extract().response());
      assertShape("Run", done);
      assertThat(done.hasNonNull("callback_sent_at")).isTrue();
      assertThat(done.has("callback_error")).isFalse();
      assertThat(hook.received()).hasSize(3);
      JsonNode payload = hook.received().get(2);
      assertThat(payload.get("run_id").asText()).isEqualTo(runId);
      assertThat(payload.get("status").asText()).isEqualTo("completed");
      assertThat(payload.hasNonNull("completed_at")).isTrue();
      assertThat(payload.at("/metadata/run_type").asText()).isEqualTo("send_message_async");
      // Delivered once: later polls send nothing more.
      await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> hook.received().size() == 3);
    }
  }

  @Test
  void aWebhookThatNeverSucceedsIsGivenUpWithItsErrorRecorded() {
    String agentId = createAgent(Map.of()).get("id").asText();
    try (WebhookReceiver hook = WebhookReceiver.failingFirst(100)) {
      String runId = given().contentType(ContentType.JSON)
          .body(Map.of("input", "hi", "callback_url", hook.url()))
          .when().post("/v1/agents/" + agentId + "/messages/async").then().statusCode(200)
          .extract().path("id");
      kafka.produce(new RunFailed(Ids.newId(Ids.EVENT), agentId, runId, StopReason.LLM_API_ERROR, "llm_timeout",
          "provider timed out", List.of(), UsageStatistics.ZERO, Instant.now()));
      // Five attempts (the default bound) with doubling waits from 200 ms, then nothing more.
      await().atMost(Duration.ofSeconds(30)).until(() -> hook.received().size() == 5);
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().when().get("/v1/runs/" + runId).then()
          .statusCode(200).body("callback_status_code", equalTo(500))
          .body("callback_error", containsString("HTTP 500")));
      assertThat(hook.received().get(0).get("status").asText()).isEqualTo("failed");
      await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> hook.received().size() == 5);
    }
  }

  @Test
  void badCallbackUrlsAndBodiesAreRefused() {
    String agentId = createAgent(Map.of()).get("id").asText();
    given().contentType(ContentType.JSON).body(Map.of("input", "hi", "callback_url", "not a url"))
        .when().post("/v1/agents/" + agentId + "/messages/async").then().statusCode(400)
        .body("detail", containsString("callback_url"));
    given().contentType(ContentType.JSON).body(Map.of("input", "hi", "callback_url", "ftp://example.com/x"))
        .when().post("/v1/agents/" + agentId + "/messages/async").then().statusCode(400)
        .body("detail", containsString("http"));
    given().contentType(ContentType.JSON).body(Map.of("callback_url", "http://127.0.0.1:1/x"))
        .when().post("/v1/agents/" + agentId + "/messages/async").then().statusCode(422);
    given().contentType(ContentType.JSON).body(Map.of("input", "hi"))
        .when().post("/v1/agents/agent-" + java.util.UUID.randomUUID() + "/messages/async").then().statusCode(404);
  }

  /** Sends "hi" as a background run; its id. */
  private static String asyncRun(String agentId) {
    return given().contentType(ContentType.JSON).body(Map.of("input", "hi"))
        .when().post("/v1/agents/" + agentId + "/messages/async").then().statusCode(200).extract().path("id");
  }

  @Test
  void aRunsLastStepCarriedByItsEndIsRecordedWithIt() {
    String agentId = createAgent(Map.of()).get("id").asText();
    String runId = asyncRun(agentId);
    StepCompleted last = new StepCompleted(Ids.newId(Ids.EVENT), agentId, runId, Ids.newId(Ids.STEP), 0,
        "scripted/scripted-model", new UsageStatistics(3, 7, 10, 1), 2_000_000L, 1_000_000L, 0L, Instant.now());
    kafka.produce(new RunStarted(Ids.newId(Ids.EVENT), agentId, runId, Instant.now()),
        new RunCompleted(Ids.newId(Ids.EVENT), agentId, runId, StopReason.END_TURN, List.of(),
            new UsageStatistics(3, 7, 10, 1), Instant.now(), last));
    awaitStatus(runId, "completed");

    given().when().get("/v1/runs/" + runId + "/steps").then().statusCode(200)
        .body("id", equalTo(List.of(last.stepId())));
    given().when().get("/v1/steps/" + last.stepId()).then().statusCode(200).body("prompt_tokens", equalTo(7));
  }

  @Test
  void stepsOfARunAreReadFromItsStepCompletedEvents() {
    String agentId = createAgent(Map.of()).get("id").asText();
    String runId = asyncRun(agentId);
    StepCompleted first = new StepCompleted(Ids.newId(Ids.EVENT), agentId, runId, Ids.newId(Ids.STEP), 0,
        "scripted/scripted-model", new UsageStatistics(4, 10, 14, 1), 3_000_000L, 2_000_000L, 500_000L,
        Instant.now().minusMillis(50));
    StepCompleted second = new StepCompleted(Ids.newId(Ids.EVENT), agentId, runId, Ids.newId(Ids.STEP), 1,
        "scripted/scripted-model", new UsageStatistics(6, 20, 26, 1), 5_000_000L, 4_000_000L, 0L, Instant.now());
    kafka.produce(new RunStarted(Ids.newId(Ids.EVENT), agentId, runId, Instant.now()), first, second, first);

    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().when().get("/v1/runs/" + runId + "/steps")
        .then().statusCode(200).body("size()", equalTo(2)));
    JsonNode steps = json(given().when().get("/v1/runs/" + runId + "/steps").then().extract().response());
    // Newest first by default, as Letta lists steps.
    assertThat(steps.get(0).get("id").asText()).isEqualTo(second.stepId());
    assertShape("Step", steps.get(0));
    JsonNode step = json(given().when().get("/v1/steps/" + first.stepId()).then().statusCode(200).extract().response());
    assertShape("Step", step);
    assertThat(step.get("run_id").asText()).isEqualTo(runId);
    assertThat(step.get("agent_id").asText()).isEqualTo(agentId);
    assertThat(step.get("model_handle").asText()).isEqualTo("scripted/scripted-model");
    assertThat(step.get("model").asText()).isEqualTo("scripted-model");
    assertThat(step.get("prompt_tokens").asInt()).isEqualTo(10);
    assertThat(step.get("completion_tokens").asInt()).isEqualTo(4);
    assertThat(step.get("status").asText()).isEqualTo("success");
    JsonNode metrics = json(given().when().get("/v1/steps/" + first.stepId() + "/metrics").then().statusCode(200)
        .extract().response());
    assertShape("StepMetrics", metrics);
    assertThat(metrics.get("step_ns").asLong()).isEqualTo(3_000_000L);
    assertThat(metrics.get("llm_request_ns").asLong()).isEqualTo(2_000_000L);
    assertThat(metrics.get("tool_execution_ns").asLong()).isEqualTo(500_000L);

    // While the run is active its usage is its steps' sum; once ended, the run's own figures.
    JsonNode usage = json(given().when().get("/v1/runs/" + runId + "/usage").then().statusCode(200).extract()
        .response());
    assertShape("UsageStatistics", usage);
    assertThat(usage.get("total_tokens").asInt()).isEqualTo(40);
    kafka.produce(new RunCompleted(Ids.newId(Ids.EVENT), agentId, runId, StopReason.END_TURN, List.of(),
        new UsageStatistics(10, 30, 40, 2), Instant.now()));
    awaitStatus(runId, "completed");
    given().when().get("/v1/runs/" + runId + "/usage").then().statusCode(200).body("prompt_tokens", equalTo(30));
    JsonNode runMetrics = json(given().when().get("/v1/runs/" + runId + "/metrics").then().statusCode(200).extract()
        .response());
    assertShape("RunMetrics", runMetrics);
    assertThat(runMetrics.get("num_steps").asInt()).isEqualTo(2);
    assertThat(runMetrics.get("run_ns").asLong()).isPositive();

    // The steps listing filters by agent and pages with cursors.
    JsonNode byAgent = json(given().queryParam("agent_id", agentId).queryParam("order", "asc").when()
        .get("/v1/steps/").then().statusCode(200).extract().response());
    assertThat(byAgent).hasSize(2);
    assertThat(byAgent.get(0).get("id").asText()).isEqualTo(first.stepId());
    given().queryParam("agent_id", agentId).queryParam("order", "asc").queryParam("after", first.stepId())
        .when().get("/v1/steps/").then().statusCode(200).body("id", equalTo(List.of(second.stepId())));
    given().queryParam("agent_id", agentId).queryParam("model", "other-model").when().get("/v1/steps/").then()
        .statusCode(200).body("size()", equalTo(0));
    given().when().get("/v1/steps/step-" + java.util.UUID.randomUUID()).then().statusCode(404);
    given().when().get("/v1/steps/nope").then().statusCode(422);
    given().when().get("/v1/steps/" + first.stepId() + "/trace").then().statusCode(501)
        .body("detail", containsString("not recorded"));
  }

  static void awaitStatus(String runId, String status) {
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        given().when().get("/v1/runs/" + runId).then().statusCode(200).body("status", equalTo(status)));
  }
}
