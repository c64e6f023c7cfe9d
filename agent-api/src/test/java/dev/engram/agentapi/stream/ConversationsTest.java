package dev.engram.agentapi.stream;

import static dev.engram.agentapi.stream.StreamingTest.agent;
import static dev.engram.agentapi.stream.StreamingTest.assertEnd;
import static dev.engram.agentapi.support.RunEvents.assistant;
import static dev.engram.agentapi.support.RunEvents.chunk;
import static dev.engram.agentapi.support.RunEvents.completed;
import static dev.engram.agentapi.support.RunEvents.reasoning;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import dev.engram.agentapi.support.AgentApiTestResource;
import dev.engram.agentapi.support.Kafka;
import dev.engram.agentapi.support.PlaysStepRunner;
import dev.engram.agentapi.support.SseClient;
import dev.engram.agentapi.support.SseClient.Frame;
import dev.engram.contracts.Ids;
import dev.engram.contracts.StopReason;
import dev.engram.contracts.api.UsageStatistics;
import dev.engram.contracts.events.MessageReceived;
import dev.engram.contracts.events.RunCompleted;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The default conversation's API ({@code /v1/conversations/{default|agent id}/messages} and {@code /stream}) against
 * real Kafka and PostgreSQL; the test plays step-runner by publishing run events, FakePeers its message listing.
 */
@QuarkusTest
@QuarkusTestResource(AgentApiTestResource.class)
class ConversationsTest extends PlaysStepRunner {
  @TestHTTPResource("/")
  URI base;

  @Test
  void aDefaultConversationSendStreamsByDefaultInBackgroundWithTheAgentsOwnRun() throws Exception {
    String agentId = agent();
    try (SseClient sse = SseClient.post(uri("/v1/conversations/default/messages"), Map.of("agent_id", agentId,
        "messages", List.of(Map.of("role", "user", "content", "hi")), "background", true, "stream_tokens", true,
        "include_return_message_types", List.of("assistant_message"), "client_skills", List.of()))) {
      assertThat(sse.status()).isEqualTo(200);
      assertThat(sse.contentType()).startsWith("text/event-stream");
      Frame ping = sse.next(10);
      assertThat(ping.type()).isEqualTo("ping");
      String runId = ping.json().path("run_id").asText();
      MessageReceived received = kafka.awaitInbox(agentId, MessageReceived.class, 0);
      assertThat(received.runId()).isEqualTo(runId);
      assertThat(received.streamTokens()).isTrue();
      String step = Ids.newId(Ids.STEP);
      String message = Ids.newId(Ids.MESSAGE);
      kafka.produce(chunk(agentId, runId, 1, false, reasoning(message, step, runId, "filtered out")),
          chunk(agentId, runId, 2, false, assistant(message, step, runId, "Hello!")), completed(agentId, runId));
      Frame reply = sse.next(10);
      assertThat(reply.type()).isEqualTo("assistant_message");
      assertThat(reply.json().path("content").asText()).isEqualTo("Hello!");
      assertThat(reply.json().path("seq_id").asLong()).as("background runs number their chunks").isEqualTo(2);
      assertEnd(sse, "end_turn");
    }
  }

  @Test
  void theAgentIdServesAsConversationIdAndStreamingFalseAnswersALettaResponse() throws Exception {
    String agentId = agent();
    CompletableFuture<Response> pending = CompletableFuture.supplyAsync(() -> given().contentType(ContentType.JSON)
        .body(Map.of("input", "hi", "streaming", false)).when().post("/v1/conversations/" + agentId + "/messages")
        .andReturn());
    String runId = kafka.awaitInbox(agentId, MessageReceived.class, 0).runId();
    String step = Ids.newId(Ids.STEP);
    String message = Ids.newId(Ids.MESSAGE);
    kafka.produce(new RunCompleted(Ids.newId(Ids.EVENT), agentId, runId, StopReason.END_TURN,
        List.of(assistant(message, step, runId, "Synchronous hello")), new UsageStatistics(10, 20, 30, 1),
        Instant.now()));
    Response response = pending.get(30, TimeUnit.SECONDS);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.contentType()).startsWith("application/json");
    assertThat(response.jsonPath().getString("messages[0].message_type")).isEqualTo("assistant_message");
    assertThat(response.jsonPath().getString("messages[0].content")).isEqualTo("Synchronous hello");
    assertThat(response.jsonPath().getString("stop_reason.stop_reason")).isEqualTo("end_turn");
  }

  @Test
  void badConversationSendsAreRefusedBeforeAnyStream() {
    String agentId = agent();
    post("/v1/conversations/default/messages", Map.of("input", "hi")).statusCode(422)
        .body("detail", containsString("agent_id"));
    post("/v1/conversations/default/messages", Map.of("input", "hi", "agent_id", Ids.newId(Ids.AGENT)))
        .statusCode(404).body("detail", equalTo("Agent not found"));
    post("/v1/conversations/" + Ids.newId(Ids.AGENT) + "/messages", Map.of("input", "hi", "streaming", false))
        .statusCode(404).body("detail", equalTo("Agent not found"));
    post("/v1/conversations/default/messages", Map.of("input", "", "agent_id", agentId)).statusCode(422);
    post("/v1/conversations/default/messages", Map.of("input", "hi", "agent_id", "nope")).statusCode(422);
    post("/v1/conversations/default/messages", Map.of("input", "hi", "agent_id", agentId, "streaming", false,
        "background", true)).statusCode(422).body("detail", containsString("background"));
    String conv = "conv-" + UUID.randomUUID();
    post("/v1/conversations/" + conv + "/messages", Map.of("input", "hi", "agent_id", agentId)).statusCode(404)
        .body("detail", equalTo("Conversation '" + conv + "' not found"));
    given().get("/v1/conversations/" + conv + "/messages").then().statusCode(404)
        .body("detail", containsString("not found"));
    post("/v1/conversations/" + conv + "/stream", Map.of()).statusCode(404)
        .body("detail", containsString("not found"));
    post("/v1/conversations/conv-nope/messages", Map.of("input", "hi")).statusCode(422)
        .body("detail", containsString("conv-"));
  }

  @Test
  void aStreamResumesByOtidAndByTheAgentsNewestBackgroundRun() throws Exception {
    String agentId = agent();
    String otid = "otid-" + UUID.randomUUID();
    String runId;
    String step = Ids.newId(Ids.STEP);
    String message = Ids.newId(Ids.MESSAGE);
    try (SseClient first = SseClient.post(uri("/v1/conversations/default/messages"), Map.of("agent_id", agentId,
        "messages", List.of(Map.of("role", "user", "content", "hi", "otid", otid)), "background", true))) {
      runId = first.next(10).json().path("run_id").asText();
      kafka.produce(chunk(agentId, runId, 1, false, reasoning(message, step, runId, "first")));
      assertThat(first.next(10).json().path("seq_id").asLong()).isEqualTo(1);
    } // the connection drops mid-run; the run goes on
    kafka.produce(chunk(agentId, runId, 2, false, assistant(message, step, runId, "second")));

    try (SseClient byOtid = SseClient.post(uri("/v1/conversations/default/stream"), Map.of("agent_id", agentId,
        "otid", otid, "starting_after", 0, "include_pings", false, "batch_size", 1000))) {
      assertThat(byOtid.status()).isEqualTo(200);
      Frame replayed = byOtid.next(10);
      assertThat(replayed.json().path("seq_id").asLong()).isEqualTo(1);
      assertThat(replayed.json().path("run_id").asText()).isEqualTo(runId);
      assertThat(byOtid.next(10).json().path("content").asText()).isEqualTo("second");
    }
    try (SseClient newest = SseClient.post(uri("/v1/conversations/" + agentId + "/stream"),
        Map.of("starting_after", 1, "include_pings", false))) {
      assertThat(newest.status()).isEqualTo(200);
      Frame tail = newest.next(10);
      assertThat(tail.json().path("seq_id").asLong()).isEqualTo(2);
      kafka.produce(completed(agentId, runId));
      assertEnd(newest, "end_turn");
    }
    try (SseClient byRunId = SseClient.post(uri("/v1/conversations/default/stream"),
        Map.of("run_id", runId, "starting_after", 2))) {
      assertThat(byRunId.status()).isEqualTo(200);
      assertEnd(byRunId, "end_turn");
    }

    SseClient idle = SseClient.post(uri("/v1/conversations/default/stream"), Map.of("agent_id", agentId));
    assertThat(idle.status()).isEqualTo(400);
    assertThat(idle.errorBody().path("detail").asText()).isEqualTo("No active runs found for this conversation.");
    SseClient unknownOtid = SseClient.post(uri("/v1/conversations/default/stream"), Map.of("otid", "otid-unknown"));
    assertThat(unknownOtid.status()).isEqualTo(404);
    assertThat(unknownOtid.errorBody().path("detail").asText()).contains("otid-unknown");
    SseClient noAgent = SseClient.post(uri("/v1/conversations/default/stream"), Map.of());
    assertThat(noAgent.status()).isEqualTo(422);
    SseClient unknownAgent = SseClient.post(uri("/v1/conversations/" + Ids.newId(Ids.AGENT) + "/stream"), Map.of());
    assertThat(unknownAgent.status()).isEqualTo(404);
  }

  @Test
  void aNonBackgroundRunCannotBeResumedThroughTheConversation() throws Exception {
    String agentId = agent();
    try (SseClient sse = SseClient.post(uri("/v1/conversations/default/messages"),
        Map.of("agent_id", agentId, "input", "hi"))) {
      String runId = sse.next(10).json().path("run_id").asText();
      SseClient refused = SseClient.post(uri("/v1/conversations/default/stream"), Map.of("agent_id", agentId));
      assertThat(refused.status()).isEqualTo(400);
      assertThat(refused.errorBody().path("detail").asText()).contains("background");
      kafka.produce(completed(agentId, runId));
      assertEnd(sse, "end_turn");
    }
  }

  @Test
  void theListingIsTheAgentsHistoryFilteredByMessageType() {
    String agentId = agent();
    given().queryParam("agent_id", agentId).queryParam("limit", 5).when().get("/v1/conversations/default/messages")
        .then().statusCode(200).body("", hasSize(3)).body("[0].content", containsString("limit=5"));
    given().queryParam("include_return_message_types", "assistant_message", "user_message").when()
        .get("/v1/conversations/" + agentId + "/messages").then().statusCode(200)
        .body("message_type", equalTo(List.of("user_message", "assistant_message")));
    given().queryParam("conversation_id", "default").queryParam("include_return_message_types", "user_message")
        .when().get("/v1/agents/" + agentId + "/messages").then().statusCode(200)
        .body("message_type", equalTo(List.of("user_message")));
    given().get("/v1/conversations/default/messages").then().statusCode(422).body("detail", containsString("agent_id"));
    given().queryParam("agent_id", Ids.newId(Ids.AGENT)).when().get("/v1/conversations/default/messages").then()
        .statusCode(404);
  }

  private static io.restassured.response.ValidatableResponse post(String path, Map<String, Object> body) {
    return given().contentType(ContentType.JSON).body(body).when().post(path).then();
  }

  private URI uri(String path) {
    return base.resolve(path);
  }
}
