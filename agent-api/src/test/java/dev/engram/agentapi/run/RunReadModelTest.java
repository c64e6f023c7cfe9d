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
import dev.engram.agentapi.stream.ChunkStore;
import dev.engram.agentapi.support.AgentApiTestResource;
import dev.engram.agentapi.support.PlaysStepRunner;
import dev.engram.contracts.Ids;
import dev.engram.contracts.StopReason;
import dev.engram.contracts.api.InputMessage;
import dev.engram.contracts.api.UsageStatistics;
import dev.engram.contracts.events.MessageReceived;
import dev.engram.contracts.events.RunCompleted;
import dev.engram.contracts.events.RunFailed;
import dev.engram.contracts.events.RunStarted;
import dev.engram.contracts.message.AssistantMessage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(AgentApiTestResource.class)
class RunReadModelTest extends PlaysStepRunner {
  @Inject
  RunService runs;
  @Inject
  ChunkStore chunks;
  @Inject
  MeterRegistry meters;

  @Test
  void runEventsMoveARunToItsTerminalStatusExactlyOnce() {
    String agentId = createAgent(Map.of()).get("id").asText();
    String runId = newRun(agentId);

    JsonNode created = json(given().when().get("/v1/runs/" + runId).then().statusCode(200).extract().response());
    assertShape("Run", created);
    assertThat(created.get("status").asText()).isEqualTo("created");
    assertThat(created.get("background").asBoolean()).isFalse();
    assertThat(created.get("agent_id").asText()).isEqualTo(agentId);
    assertThat(created.at("/request_config/use_assistant_message").asBoolean()).isTrue();

    kafka.produce(new RunStarted(Ids.newId(Ids.EVENT), agentId, runId, Instant.now()));
    awaitStatus(runId, "running");

    RunCompleted completed = new RunCompleted(Ids.newId(Ids.EVENT), agentId, runId, StopReason.END_TURN,
        List.of(new AssistantMessage(Ids.newId(Ids.MESSAGE), "2026-01-01T00:00:00+00:00", null, null, null,
            Ids.newId(Ids.STEP), runId, "Hello!")), new UsageStatistics(3, 7, 10, 1), Instant.now());
    kafka.produce(completed);
    awaitStatus(runId, "completed");
    JsonNode done = json(given().when().get("/v1/runs/" + runId).then().statusCode(200).extract().response());
    assertShape("Run", done);
    assertThat(done.get("stop_reason").asText()).isEqualTo("end_turn");
    assertThat(done.hasNonNull("completed_at")).isTrue();
    assertThat(done.get("total_duration_ns").asLong()).isPositive();
    assertThat(runs.outcome(runId)).hasValueSatisfying(o -> {
      assertThat(o.messages()).containsExactlyElementsOf(completed.messages());
      assertThat(o.usage()).isEqualTo(completed.usage());
    });

    // A redelivery, a late failure and a late start must not touch the finished run. A marker run of
    // the same agent (same partition, so handled afterwards) tells when they have been consumed.
    String marker = newRun(agentId);
    kafka.produce(completed,
        new RunFailed(Ids.newId(Ids.EVENT), agentId, runId, StopReason.ERROR, "internal_error", "late", List.of(),
            UsageStatistics.ZERO, Instant.now()),
        new RunStarted(Ids.newId(Ids.EVENT), agentId, runId, Instant.now()),
        new RunStarted(Ids.newId(Ids.EVENT), agentId, marker, Instant.now()));
    awaitStatus(marker, "running");
    given().when().get("/v1/runs/" + runId).then().statusCode(200)
        .body("status", equalTo("completed"))
        .body("stop_reason", equalTo("end_turn"))
        .body("completed_at", equalTo(done.get("completed_at").asText()))
        .body("metadata.error", equalTo(null));
    given().queryParam("include", "agent.tags").when().get("/v1/agents/" + agentId).then().statusCode(200)
        .body("last_stop_reason", equalTo("end_turn"));
    given().when().get("/q/metrics").then().statusCode(200)
        .body(containsString("engram_agent_api_run_outcome_total{status=\"completed\",stop_reason=\"end_turn\""));
  }

  /**
   * A sync request records its run's end itself and the read-model consumer reads the same end from Kafka, in
   * either order: the run is written once, its outcome counted once, and its stream log still gets its end marker.
   */
  @Test
  void aRunsEndIsRecordedOnceWhicheverOfSyncRequestAndConsumerComesFirst() throws Exception {
    String agentId = createAgent(Map.of()).get("id").asText();
    double before = toolRuleOutcomes();

    // The sync request first, as when the wake-up consumer is ahead of the read model.
    String settledFirst = newRun(agentId);
    RunCompleted first = toolRuleEnd(agentId, settledFirst);
    runs.settle(RunOutcome.of(first));
    assertThat(runs.outcome(settledFirst)).isPresent();
    assertThat(toolRuleOutcomes()).isEqualTo(before + 1);
    kafka.produce(first);

    // The consumer first: the sync request then finds the end recorded.
    String consumedFirst = newRun(agentId);
    RunCompleted second = toolRuleEnd(agentId, consumedFirst);
    kafka.produce(second);
    awaitStatus(consumedFirst, "completed");
    runs.settle(RunOutcome.of(second));

    // A later run of the same agent (same partition) tells when the consumer has read both ends.
    String marker = newRun(agentId);
    kafka.produce(new RunStarted(Ids.newId(Ids.EVENT), agentId, marker, Instant.now()));
    awaitStatus(marker, "running");
    assertThat(toolRuleOutcomes()).isEqualTo(before + 2);
    for (String runId : List.of(settledFirst, consumedFirst)) {
      assertThat(chunks.hasEnd(runId)).as("end marker of " + runId).isTrue();
      given().when().get("/v1/runs/" + runId).then().statusCode(200)
          .body("status", equalTo("completed"))
          .body("stop_reason", equalTo("tool_rule"));
    }
    given().queryParam("include", "agent.tags").when().get("/v1/agents/" + agentId).then().statusCode(200)
        .body("last_stop_reason", equalTo("tool_rule"));
  }

  /** And through the API: a sync send's answer, with the same single count and end marker. */
  @Test
  void aSyncSendsEndIsCountedOnce() throws Exception {
    String agentId = createAgent(Map.of()).get("id").asText();
    double before = toolRuleOutcomes();
    CompletableFuture<Response> pending = CompletableFuture.supplyAsync(() -> given().contentType(ContentType.JSON)
        .body(Map.of("input", "hi")).when().post("/v1/agents/" + agentId + "/messages").andReturn());
    String runId = kafka.awaitInbox(agentId, MessageReceived.class, 0).runId();
    kafka.produce(new RunStarted(Ids.newId(Ids.EVENT), agentId, runId, Instant.now()), toolRuleEnd(agentId, runId));
    Response response = pending.get(30, TimeUnit.SECONDS);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json(response).at("/stop_reason/stop_reason").asText()).isEqualTo("tool_rule");

    String marker = newRun(agentId);
    kafka.produce(new RunStarted(Ids.newId(Ids.EVENT), agentId, marker, Instant.now()));
    awaitStatus(marker, "running");
    assertThat(toolRuleOutcomes()).isEqualTo(before + 1);
    assertThat(chunks.hasEnd(runId)).isTrue();
  }

  private static RunCompleted toolRuleEnd(String agentId, String runId) {
    return new RunCompleted(Ids.newId(Ids.EVENT), agentId, runId, StopReason.TOOL_RULE, List.of(
        new AssistantMessage(Ids.newId(Ids.MESSAGE), "2026-01-01T00:00:00+00:00", null, null, null,
            Ids.newId(Ids.STEP), runId, "Done.")), new UsageStatistics(1, 2, 3, 1), Instant.now());
  }

  private double toolRuleOutcomes() {
    Counter counter = meters.find("engram.agent_api.run.outcome").tags("status", "completed", "stop_reason",
        "tool_rule").counter();
    return counter == null ? 0 : counter.count();
  }

  @Test
  void aFailedRunKeepsItsErrorInMetadata() {
    String agentId = createAgent(Map.of()).get("id").asText();
    String runId = newRun(agentId);

    kafka.produce(new RunFailed(Ids.newId(Ids.EVENT), agentId, runId, StopReason.LLM_API_ERROR, "llm_timeout",
        "provider timed out", List.of(), UsageStatistics.ZERO, Instant.now()));

    awaitStatus(runId, "failed");
    JsonNode failed = json(given().when().get("/v1/runs/" + runId).then().statusCode(200).extract().response());
    assertShape("Run", failed);
    assertThat(failed.get("stop_reason").asText()).isEqualTo("llm_api_error");
    assertThat(failed.at("/metadata/error/error_type").asText()).isEqualTo("llm_timeout");
    assertThat(failed.at("/metadata/error/message").asText()).isEqualTo("provider timed out");
  }

  @Test
  void rejectsMalformedAndUnknownRunIds() {
    given().when().get("/v1/runs/run-nope").then().statusCode(422);
    given().when().get("/v1/runs/run-" + UUID.randomUUID()).then().statusCode(404);
  }

  private String newRun(String agentId) {
    return runs.accept(new SendCommand(agentId, Ids.newId(Ids.RUN), List.of(new InputMessage("user", "hi", null,
        null)), 50, Map.of("use_assistant_message", true))).run().id();
  }

  private static void awaitStatus(String runId, String status) {
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        given().when().get("/v1/runs/" + runId).then().statusCode(200).body("status", equalTo(status)));
  }
}
