package dev.engram.agentapi.stream;

import static dev.engram.agentapi.support.Api.createAgent;
import static dev.engram.agentapi.support.Api.json;
import static dev.engram.agentapi.support.RunEvents.assistant;
import static dev.engram.agentapi.support.RunEvents.chunk;
import static dev.engram.agentapi.support.RunEvents.completed;
import static dev.engram.agentapi.support.RunEvents.delta;
import static dev.engram.agentapi.support.RunEvents.reasoning;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engram.agentapi.AgentApiConfig;
import dev.engram.agentapi.support.AgentApiTestResource;
import dev.engram.agentapi.support.Kafka;
import dev.engram.agentapi.support.PlaysStepRunner;
import dev.engram.agentapi.support.SseClient;
import dev.engram.agentapi.support.SseClient.Frame;
import dev.engram.contracts.Ids;
import dev.engram.contracts.events.MessageReceived;
import dev.engram.contracts.events.RunStarted;
import dev.engram.platform.db.Sql;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A client that times out or drops its connection and retries the identical request (same message otid) gets
 * the run its first attempt started — one run, one inbox event, so one user message — whether it sends
 * synchronously, streams, or streams in the background (issue 5, idempotency). Real Kafka and PostgreSQL; the
 * test plays step-runner by publishing run events.
 */
@QuarkusTest
@QuarkusTestResource(AgentApiTestResource.class)
class SameOtidRetryTest extends PlaysStepRunner {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @TestHTTPResource("/")
  URI base;

  @Inject
  Sql sql;

  @Inject
  AgentApiConfig config;

  @Test
  void aSyncRetryAfterAClientTimeoutWaitsForTheSameRun() throws Exception {
    String agentId = agent();
    String otid = UUID.randomUUID().toString();
    String body = JSON.writeValueAsString(Map.of("messages", List.of(Map.of("role", "user", "otid", otid,
        "content", "What is the weather?"))));
    URI uri = base.resolve("/v1/agents/" + agentId + "/messages");

    // The client gives up after 1 s while the run is still going.
    HttpRequest impatient = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(1))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
    CompletableFuture<HttpResponse<String>> gaveUp = HTTP.sendAsync(impatient, HttpResponse.BodyHandlers.ofString());
    MessageReceived received = kafka.awaitInbox(agentId, MessageReceived.class, 0);
    assertThatThrownBy(() -> gaveUp.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(HttpTimeoutException.class);
    assertThat(received.messages()).singleElement().satisfies(m -> assertThat(m.otid()).isEqualTo(otid));
    kafka.produce(new RunStarted(Ids.newId(Ids.EVENT), agentId, received.runId(), Instant.now()));

    // Its retry, identical, attaches to the run and answers when it ends.
    HttpRequest retry = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
    CompletableFuture<HttpResponse<String>> answer = HTTP.sendAsync(retry, HttpResponse.BodyHandlers.ofString());
    String step = Ids.newId(Ids.STEP);
    String message = Ids.newId(Ids.MESSAGE);
    kafka.produce(chunk(agentId, received.runId(), 1, false, assistant(message, step, received.runId(), "Sunny.")),
        completed(agentId, received.runId(), List.of(assistant(message, step, received.runId(), "Sunny."))));
    HttpResponse<String> response = answer.get(30, TimeUnit.SECONDS);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode reply = JSON.readTree(response.body());
    assertThat(reply.at("/messages/0/content").asText()).isEqualTo("Sunny.");
    assertThat(reply.at("/messages/0/run_id").asText()).isEqualTo(received.runId());

    assertOneRunAndOneInboxEvent(agentId, received.runId(), otid);
  }

  @Test
  void aStreamedRetryAfterADroppedConnectionStreamsTheSameRunFromItsStart() throws Exception {
    String agentId = agent();
    String otid = UUID.randomUUID().toString();
    Map<String, Object> body = Map.of("messages", List.of(Map.of("role", "user", "otid", otid, "content", "hi")));
    String step = Ids.newId(Ids.STEP);
    String message = Ids.newId(Ids.MESSAGE);
    String runId;
    try (SseClient first = SseClient.post(uri("/v1/agents/" + agentId + "/messages/stream"), body)) {
      runId = first.next(10).json().path("run_id").asText();
      kafka.produce(new RunStarted(Ids.newId(Ids.EVENT), agentId, runId, Instant.now()),
          chunk(agentId, runId, 1, false, reasoning(message, step, runId, "Greeted.")));
      assertThat(first.next(10).type()).isEqualTo("reasoning_message");
    } // the client drops the connection mid-run

    try (SseClient retry = SseClient.post(uri("/v1/agents/" + agentId + "/messages/stream"), body)) {
      assertThat(retry.status()).isEqualTo(200);
      Frame ping = retry.next(10);
      assertThat(ping.type()).isEqualTo("ping");
      assertThat(ping.json().path("run_id").asText()).as("the retry attaches to the first run").isEqualTo(runId);
      Frame replayed = retry.next(10);
      assertThat(replayed.type()).isEqualTo("reasoning_message");
      assertThat(replayed.json().path("reasoning").asText()).isEqualTo("Greeted.");
      assertThat(replayed.json().path("seq_id").isNull()).isTrue();
      kafka.produce(chunk(agentId, runId, 2, false, assistant(message, step, runId, "Hello!")),
          completed(agentId, runId));
      Frame live = retry.next(10);
      assertThat(live.type()).isEqualTo("assistant_message");
      assertThat(live.json().path("content").asText()).isEqualTo("Hello!");
      assertEnd(retry);
    }
    assertOneRunAndOneInboxEvent(agentId, runId, otid);
  }

  @Test
  void aBackgroundRetryReattachesToTheRunsStreamAndSyncAndAsyncRetriesFindTheSameRun() throws Exception {
    String agentId = agent();
    String otid = UUID.randomUUID().toString();
    Map<String, Object> body = Map.of("messages", List.of(Map.of("role", "user", "otid", otid, "content", "hi")),
        "background", true, "stream_tokens", true);
    String step = Ids.newId(Ids.STEP);
    String runId;
    try (SseClient first = SseClient.post(uri("/v1/agents/" + agentId + "/messages/stream"), body)) {
      runId = first.next(10).json().path("run_id").asText();
      kafka.produce(delta(agentId, runId, step, 1), delta(agentId, runId, step, 2));
      assertThat(first.next(10).json().path("seq_id").asLong()).isEqualTo(1);
      assertThat(first.next(10).json().path("seq_id").asLong()).isEqualTo(2);
    } // dropped; the run goes on while the client is away
    kafka.produce(delta(agentId, runId, step, 3));

    // The retry goes through the other streaming entry point (streaming: true on /messages): same run.
    Map<String, Object> viaMessages = new HashMap<>(body);
    viaMessages.put("streaming", true);
    try (SseClient retry = SseClient.post(uri("/v1/agents/" + agentId + "/messages"), viaMessages)) {
      assertThat(retry.status()).isEqualTo(200);
      Frame ping = retry.next(10);
      assertThat(ping.json().path("run_id").asText()).isEqualTo(runId);
      assertThat(ping.json().path("seq_id").asLong()).isZero();
      assertThat(retry.next(10).json().path("seq_id").asLong()).isEqualTo(1);
      assertThat(retry.next(10).json().path("seq_id").asLong()).isEqualTo(2);
      assertThat(retry.next(10).json().path("seq_id").asLong()).isEqualTo(3);
      kafka.produce(delta(agentId, runId, step, 4), completed(agentId, runId));
      Frame live = retry.next(10);
      assertThat(live.json().path("seq_id").asLong()).isEqualTo(4);
      assertThat(live.json().path("content").asText()).isEqualTo("t4");
      assertEnd(retry);
    }

    // Once the run has ended a retry replays it whole from the log; sync and async retries answer it too.
    try (SseClient late = SseClient.post(uri("/v1/agents/" + agentId + "/messages/stream"), body)) {
      assertThat(late.next(10).json().path("run_id").asText()).isEqualTo(runId);
      for (long seq = 1; seq <= 4; seq++) {
        assertThat(late.next(10).json().path("seq_id").asLong()).isEqualTo(seq);
      }
      assertEnd(late);
    }
    Map<String, Object> plain = Map.of("messages", body.get("messages"));
    assertThat(json(given().contentType(ContentType.JSON).body(plain).post("/v1/agents/" + agentId + "/messages")
        .then().statusCode(200).extract().response()).at("/stop_reason/stop_reason").asText())
        .isEqualTo("end_turn");
    assertThat(json(given().contentType(ContentType.JSON).body(plain)
        .post("/v1/agents/" + agentId + "/messages/async").then().statusCode(200).extract().response())
        .path("id").asText()).isEqualTo(runId);

    assertOneRunAndOneInboxEvent(agentId, runId, otid);
  }

  @Test
  void aStreamedRetryOfARunPastTheStreamRetentionIsGoneRatherThanAnEmptyStream() throws Exception {
    String agentId = agent();
    String otid = UUID.randomUUID().toString();
    Map<String, Object> body = Map.of("messages", List.of(Map.of("role", "user", "otid", otid, "content", "hi")),
        "background", true);
    String step = Ids.newId(Ids.STEP);
    String message = Ids.newId(Ids.MESSAGE);
    String runId;
    try (SseClient first = SseClient.post(uri("/v1/agents/" + agentId + "/messages/stream"), body)) {
      runId = first.next(10).json().path("run_id").asText();
      kafka.produce(chunk(agentId, runId, 1, false, assistant(message, step, runId, "Long ago.")),
          completed(agentId, runId, List.of(assistant(message, step, runId, "Long ago."))));
      assertThat(first.next(10).json().path("seq_id").asLong()).isEqualTo(1);
      assertEnd(first);
    }
    // The run is now older than the stream retention: its log is purged, or may be at any moment.
    sql.update("UPDATE runs SET created_at = ? WHERE id = ?",
        Instant.now().minus(config.streamRetention()).minusSeconds(60), runId);

    SseClient late = SseClient.post(uri("/v1/agents/" + agentId + "/messages/stream"), body);
    assertThat(late.status()).isEqualTo(410);
    assertThat(late.errorBody().path("detail").asText()).contains(runId).contains("/v1/runs/" + runId + "/messages");
    // A synchronous retry still answers from the run record, which outlives the stream log.
    Map<String, Object> plain = Map.of("messages", body.get("messages"));
    assertThat(json(given().contentType(ContentType.JSON).body(plain).post("/v1/agents/" + agentId + "/messages")
        .then().statusCode(200).extract().response()).at("/messages/0/content").asText()).isEqualTo("Long ago.");
    assertOneRunAndOneInboxEvent(agentId, runId, otid);
  }

  /**
   * The agent has exactly one run, and its inbox exactly one message event carrying the otid: a later send
   * (without otid) is the next event of the agent's partition, so no duplicate can sit between them.
   */
  private void assertOneRunAndOneInboxEvent(String agentId, String runId, String otid) throws Exception {
    JsonNode listed = json(given().queryParam("agent_id", agentId).get("/v1/runs/").then().statusCode(200)
        .extract().response());
    assertThat(listed).extracting(r -> r.path("id").asText()).containsExactly(runId);

    JsonNode next = json(given().contentType(ContentType.JSON).body(Map.of("input", "next"))
        .post("/v1/agents/" + agentId + "/messages/async").then().statusCode(200).extract().response());
    MessageReceived after = kafka.awaitInbox(agentId, MessageReceived.class, 1);
    assertThat(after.runId()).isEqualTo(next.path("id").asText());
    List<MessageReceived> sends = kafka.seenFor(agentId).stream().filter(MessageReceived.class::isInstance)
        .map(MessageReceived.class::cast).toList();
    assertThat(sends).extracting(MessageReceived::runId).containsExactly(runId, after.runId());
    assertThat(sends.get(0).messages()).singleElement().satisfies(m -> assertThat(m.otid()).isEqualTo(otid));
    kafka.produce(completed(agentId, after.runId()));
  }

  private static void assertEnd(SseClient sse) throws InterruptedException {
    assertThat(sse.next(10).json().path("stop_reason").asText()).isEqualTo("end_turn");
    assertThat(sse.next(10).type()).isEqualTo("usage_statistics");
    assertThat(sse.next(10).data()).isEqualTo("[DONE]");
    assertThat(sse.ended(10)).isTrue();
  }

  private URI uri(String path) {
    return base.resolve(path);
  }

  private static String agent() {
    return createAgent(Map.of()).get("id").asText();
  }
}
