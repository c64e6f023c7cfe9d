package dev.engram.agentapi.message;

import static dev.engram.agentapi.support.Api.assertShape;
import static dev.engram.agentapi.support.Api.createAgent;
import static dev.engram.agentapi.support.Api.json;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.agentapi.support.AgentApiTestResource;
import dev.engram.agentapi.support.PlaysStepRunner;
import dev.engram.contracts.Ids;
import dev.engram.contracts.StopReason;
import dev.engram.contracts.api.UsageStatistics;
import dev.engram.contracts.events.MessageReceived;
import dev.engram.contracts.events.RunCompleted;
import dev.engram.contracts.events.RunFailed;
import dev.engram.contracts.events.RunStarted;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(AgentApiTestResource.class)
class SummarizeTest extends PlaysStepRunner {
  private static final ExecutorService CLIENTS = Executors.newVirtualThreadPerTaskExecutor();

  @Test
  void sendsCarryTheAgentsCompactionSettings() throws Exception {
    String agentId = createAgent(Map.of("compaction_settings", Map.of("mode", "all", "clip_chars", 1234)))
        .get("id").asText();

    CompletableFuture<Response> pending = post("/v1/agents/" + agentId + "/messages", Map.of("input", "hi"));
    MessageReceived received = kafka.awaitInbox(agentId, MessageReceived.class, 0);

    assertThat(received.compaction()).isFalse();
    assertThat(received.agent().compactionSettings().mode()).isEqualTo("all");
    assertThat(received.agent().compactionSettings().clipChars()).isEqualTo(1234);
    end(agentId, received.runId());
    assertThat(pending.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
  }

  @Test
  void summarizeQueuesACompactionAndAnswersWhatStepRunnerRecorded() throws Exception {
    String agentId = createAgent(Map.of("compaction_settings", Map.of("mode", "all"))).get("id").asText();
    recordCompaction(agentId, Map.of("summary", "They talked about kettles.", "num_messages_before", 9,
        "num_messages_after", 3, "status", "installed"));

    CompletableFuture<Response> pending = post("/v1/agents/" + agentId + "/summarize",
        Map.of("compaction_settings", Map.of("mode", "sliding_window", "sliding_window_percentage", 0.4)));
    MessageReceived received = kafka.awaitInbox(agentId, MessageReceived.class, 0);

    assertThat(received.compaction()).isTrue();
    assertThat(received.operation()).isEqualTo(MessageReceived.COMPACT);
    assertThat(received.messages()).isEmpty();
    // The request's settings stand in for the agent's for this compaction only.
    assertThat(received.agent().compactionSettings().mode()).isEqualTo("sliding_window");
    assertThat(received.agent().compactionSettings().slidingWindowPercentage()).isEqualTo(0.4);
    given().when().get("/v1/runs/" + received.runId()).then().statusCode(200)
        .body("metadata.run_type", equalTo("compaction"));
    end(agentId, received.runId());

    Response response = pending.get(30, TimeUnit.SECONDS);
    assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
    JsonNode body = json(response);
    assertShape("CompactionResponse", body);
    assertThat(body.get("summary").asText()).isEqualTo("They talked about kettles.");
    assertThat(body.get("num_messages_before").asInt()).isEqualTo(9);
    assertThat(body.get("num_messages_after").asInt()).isEqualTo(3);
    assertThat(body.has("status")).isFalse();
    // A compaction is not a turn: the agent's last run fields stay untouched.
    given().when().get("/v1/agents/" + agentId).then().statusCode(200)
        .body("compaction_settings.mode", equalTo("all"))
        .body("last_stop_reason", org.hamcrest.Matchers.nullValue());
  }

  @Test
  void theBodyIsOptionalAndTheConversationFormsReachTheSameAgent() throws Exception {
    String agentId = createAgent(Map.of()).get("id").asText();
    recordCompaction(agentId, Map.of("summary", "s", "num_messages_before", 5, "num_messages_after", 2));

    CompletableFuture<Response> bare = CompletableFuture.supplyAsync(() -> given().when()
        .post("/v1/agents/" + agentId + "/summarize").andReturn(), CLIENTS);
    MessageReceived first = kafka.awaitInbox(agentId, MessageReceived.class, 0);
    assertThat(first.agent().compactionSettings()).isNull();
    end(agentId, first.runId());
    assertThat(bare.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);

    CompletableFuture<Response> byDefault = post("/v1/conversations/default/compact", Map.of("agent_id", agentId));
    end(agentId, kafka.awaitInbox(agentId, MessageReceived.class, 1).runId());
    assertThat(byDefault.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);

    CompletableFuture<Response> byAgentId = post("/v1/conversations/" + agentId + "/compact", Map.of());
    end(agentId, kafka.awaitInbox(agentId, MessageReceived.class, 2).runId());
    assertThat(json(byAgentId.get(30, TimeUnit.SECONDS)).get("num_messages_after").asInt()).isEqualTo(2);
  }

  @Test
  void aCompactionThatReducedNothingIsA400() throws Exception {
    String agentId = createAgent(Map.of()).get("id").asText();
    recordCompaction(agentId, Map.of("summary", "s", "num_messages_before", 3, "num_messages_after", 3));
    CompletableFuture<Response> same = post("/v1/agents/" + agentId + "/summarize", Map.of());
    end(agentId, kafka.awaitInbox(agentId, MessageReceived.class, 0).runId());
    Response response = same.get(30, TimeUnit.SECONDS);
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.jsonPath().getString("detail")).contains("failed to reduce the number of messages");

    // step-runner found nothing but the system prompt: the same 400, with its explanation.
    CompletableFuture<Response> empty = post("/v1/agents/" + agentId + "/summarize", Map.of());
    fail(agentId, kafka.awaitInbox(agentId, MessageReceived.class, 1).runId(), "nothing_to_compact",
        "Nothing to summarize: the context window holds no messages besides the system prompt.");
    Response nothing = empty.get(30, TimeUnit.SECONDS);
    assertThat(nothing.statusCode()).isEqualTo(400);
    assertThat(nothing.jsonPath().getString("detail")).contains("Nothing to summarize");
  }

  @Test
  void aFailedSummaryIsAClearErrorNotAStackTrace() throws Exception {
    String agentId = createAgent(Map.of()).get("id").asText();

    CompletableFuture<Response> failed = post("/v1/agents/" + agentId + "/summarize", Map.of());
    fail(agentId, kafka.awaitInbox(agentId, MessageReceived.class, 0).runId(), "summarization_failed",
        "The context window is full and summarizing it failed: model down");
    Response response = failed.get(30, TimeUnit.SECONDS);
    assertThat(response.statusCode()).isEqualTo(502);
    assertThat(response.jsonPath().getString("detail")).isEqualTo(
        "The context window is full and summarizing it failed: model down");

    CompletableFuture<Response> late = post("/v1/agents/" + agentId + "/summarize", Map.of());
    fail(agentId, kafka.awaitInbox(agentId, MessageReceived.class, 1).runId(), "summarization_timeout",
        "The summarizer did not answer within 60 s");
    assertThat(late.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(504);

    CompletableFuture<Response> broken = post("/v1/agents/" + agentId + "/summarize", Map.of());
    String runId = kafka.awaitInbox(agentId, MessageReceived.class, 2).runId();
    fail(agentId, runId, "internal_error", "boom");
    Response internal = broken.get(30, TimeUnit.SECONDS);
    assertThat(internal.statusCode()).isEqualTo(500);
    assertThat(internal.jsonPath().getString("detail")).isEqualTo("The compaction run " + runId + " failed: boom");
  }

  @Test
  void rejectsBadRequests() {
    String agentId = createAgent(Map.of()).get("id").asText();
    given().contentType(ContentType.JSON).body(Map.of("compaction_settings", Map.of("mode", "half")))
        .when().post("/v1/agents/" + agentId + "/summarize").then().statusCode(422)
        .body("detail", containsString("compaction_settings.mode"));
    given().contentType(ContentType.JSON).body(Map.of("compaction_settings",
        Map.of("sliding_window_percentage", 1.5))).when().post("/v1/agents/" + agentId + "/summarize").then()
        .statusCode(422).body("detail", containsString("sliding_window_percentage"));
    given().contentType(ContentType.JSON).body(Map.of()).when()
        .post("/v1/agents/agent-" + UUID.randomUUID() + "/summarize").then().statusCode(404)
        .body("detail", equalTo("Agent not found"));
    given().contentType(ContentType.JSON).body(Map.of()).when().post("/v1/agents/agent-1/summarize").then()
        .statusCode(422);
    given().contentType(ContentType.JSON).body(Map.of()).when().post("/v1/conversations/default/compact").then()
        .statusCode(422).body("detail", containsString("agent_id"));
    given().contentType(ContentType.JSON).body(Map.of()).when()
        .post("/v1/conversations/conv-" + UUID.randomUUID() + "/compact").then().statusCode(404);
    assertThat(kafka.seenFor(agentId)).isEmpty();
  }

  /** Sets what the fake step-runner answers for the agent's compaction run. */
  private static void recordCompaction(String agentId, Map<String, Object> record) {
    String stepRunner = ConfigProvider.getConfig().getValue("quarkus.rest-client.step-runner.url", String.class);
    given().contentType(ContentType.JSON).body(record).when()
        .put(stepRunner + "/internal/agents/" + agentId + "/compactions").then().statusCode(204);
  }

  private void end(String agentId, String runId) {
    kafka.produce(new RunStarted(Ids.newId(Ids.EVENT), agentId, runId, Instant.now()),
        new RunCompleted(Ids.newId(Ids.EVENT), agentId, runId, StopReason.END_TURN, List.of(),
            UsageStatistics.ZERO, Instant.now()));
  }

  private void fail(String agentId, String runId, String errorType, String message) {
    kafka.produce(new RunFailed(Ids.newId(Ids.EVENT), agentId, runId, StopReason.ERROR, errorType, message,
        List.of(), UsageStatistics.ZERO, Instant.now()));
  }

  private static CompletableFuture<Response> post(String path, Map<String, Object> body) {
    return CompletableFuture.supplyAsync(() -> given().contentType(ContentType.JSON).body(body).when().post(path)
        .andReturn(), CLIENTS);
  }
}
