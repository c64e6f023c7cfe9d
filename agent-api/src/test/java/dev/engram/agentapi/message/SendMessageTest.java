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
import dev.engram.contracts.message.AssistantMessage;
import dev.engram.contracts.message.ReasoningMessage;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(AgentApiTestResource.class)
class SendMessageTest extends PlaysStepRunner {
  private static final ExecutorService CLIENTS = Executors.newVirtualThreadPerTaskExecutor();

  @Test
  void theSnapshotCarriesToolRulesAndAutoclear() throws Exception {
    String agentId = createAgent(Map.of("agent_type", "workflow_agent", "tool_rules",
        List.of(Map.of("type", "exit_loop", "tool_name", "send_message")))).get("id").asText();

    CompletableFuture<Response> pending = send(agentId, Map.of("input", "do it"));
    MessageReceived received = kafka.awaitInbox(agentId, MessageReceived.class, 0);

    assertThat(received.agent().autoclear()).isTrue();
    assertThat(received.agent().rules()).singleElement()
        .satisfies(r -> assertThat(r.toolName() + ":" + r.type()).isEqualTo("send_message:exit_loop"));
    finish(agentId, received.runId(), "done");
    assertThat(pending.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
  }

  @Test
  void aSyncSendAnswersWithWhatTheRunProduced() throws Exception {
    String agentId = createAgent(Map.of()).get("id").asText();
    String otid = UUID.randomUUID().toString();
    Map<String, Object> body = Map.of("messages", List.of(Map.of("role", "user", "otid", otid,
        "content", List.of(Map.of("type", "text", "text", "Hello"), Map.of("type", "text", "text", "there")))));

    CompletableFuture<Response> pending = send(agentId, body);
    MessageReceived received = kafka.awaitInbox(agentId, MessageReceived.class, 0);
    assertThat(received.messages()).singleElement().satisfies(m -> {
      assertThat(m.role()).isEqualTo("user");
      assertThat(m.content()).isEqualTo("Hello\nthere");
      assertThat(m.otid()).isEqualTo(otid);
    });
    assertThat(received.maxSteps()).isEqualTo(50);
    assertThat(received.agent().llmConfig().handle()).isEqualTo("scripted/scripted-model");
    assertThat(received.agent().tools()).extracting(t -> t.name())
        .containsExactlyInAnyOrder("conversation_search", "memory_insert", "memory_replace");
    assertThat(received.agent().tools()).allSatisfy(t -> assertThat(t.jsonSchema()).containsKey("parameters"));
    given().when().get("/v1/runs/" + received.runId()).then().statusCode(200).body("status", equalTo("created"));

    finish(agentId, received.runId(), "Hi! How can I help?");

    Response response = pending.get(30, TimeUnit.SECONDS);
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode answer = json(response);
    assertShape("LettaResponse", answer);
    assertThat(answer.at("/messages/0/message_type").asText()).isEqualTo("reasoning_message");
    assertThat(answer.at("/messages/1/message_type").asText()).isEqualTo("assistant_message");
    assertThat(answer.at("/messages/1/content").asText()).isEqualTo("Hi! How can I help?");
    assertThat(answer.at("/stop_reason/message_type").asText()).isEqualTo("stop_reason");
    assertThat(answer.at("/stop_reason/stop_reason").asText()).isEqualTo("end_turn");
    assertThat(answer.at("/usage/message_type").asText()).isEqualTo("usage_statistics");
    assertThat(answer.at("/usage/total_tokens").asInt()).isEqualTo(30);

    // The client's retry (same otid) gets the same answer without sending the message again.
    Response retry = send(agentId, body).get(30, TimeUnit.SECONDS);
    assertThat(retry.statusCode()).isEqualTo(200);
    assertThat(json(retry)).isEqualTo(answer);
    CompletableFuture<Response> next = send(agentId, Map.of("input", "second", "max_steps", 3,
        "include_return_message_types", List.of("assistant_message")));
    MessageReceived second = kafka.awaitInbox(agentId, MessageReceived.class, 1);
    assertThat(second.messages()).singleElement().satisfies(m -> assertThat(m.content()).isEqualTo("second"));
    assertThat(second.maxSteps()).isEqualTo(3);
    assertThat(second.runId()).isNotEqualTo(received.runId());
    finish(agentId, second.runId(), "Again.");
    JsonNode filtered = json(next.get(30, TimeUnit.SECONDS));
    assertThat(filtered.get("messages")).singleElement()
        .satisfies(m -> assertThat(m.get("message_type").asText()).isEqualTo("assistant_message"));
  }

  @Test
  void concurrentSendsToOneAgentEnterTheInboxInAcceptanceOrder() throws Exception {
    String agentId = createAgent(Map.of()).get("id").asText();
    int sends = 6;

    List<CompletableFuture<Response>> pending = new ArrayList<>();
    for (int i = 0; i < sends; i++) {
      pending.add(send(agentId, Map.of("input", "message " + i)));
    }
    List<MessageReceived> inbox = new ArrayList<>();
    for (int i = 0; i < sends; i++) {
      inbox.add(kafka.awaitInbox(agentId, MessageReceived.class, i));
    }

    List<Instant> acceptedAt = inbox.stream().map(MessageReceived::receivedAt).toList();
    assertThat(acceptedAt).isSorted();
    assertThat(inbox).extracting(MessageReceived::runId).doesNotHaveDuplicates();
    for (MessageReceived received : inbox) {
      finish(agentId, received.runId(), "ok");
    }
    for (CompletableFuture<Response> response : pending) {
      assertThat(response.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void anLlmFailureAnswersWithLettasLlmErrorBody() throws Exception {
    String agentId = createAgent(Map.of()).get("id").asText();

    CompletableFuture<Response> pending = send(agentId, Map.of("input", "hi"));
    MessageReceived received = kafka.awaitInbox(agentId, MessageReceived.class, 0);
    kafka.produce(new RunFailed(Ids.newId(Ids.EVENT), agentId, received.runId(), StopReason.LLM_API_ERROR,
        "llm_rate_limit", "HTTP 429: slow down", List.of(), UsageStatistics.ZERO, Instant.now()));

    Response response = pending.get(30, TimeUnit.SECONDS);
    assertThat(response.statusCode()).isEqualTo(429);
    JsonNode error = json(response).get("error");
    assertThat(error.get("type").asText()).isEqualTo("llm_rate_limit");
    assertThat(error.get("message").asText()).isNotBlank();
    assertThat(error.get("detail").asText()).isEqualTo("HTTP 429: slow down");
  }

  @Test
  void anyOtherFailureIsA500WithTheRunId() throws Exception {
    String agentId = createAgent(Map.of()).get("id").asText();

    CompletableFuture<Response> pending = send(agentId, Map.of("input", "hi"));
    MessageReceived received = kafka.awaitInbox(agentId, MessageReceived.class, 0);
    kafka.produce(new RunFailed(Ids.newId(Ids.EVENT), agentId, received.runId(), StopReason.ERROR,
        "internal_error", "tool executor exploded", List.of(), UsageStatistics.ZERO, Instant.now()));

    Response response = pending.get(30, TimeUnit.SECONDS);
    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(response.jsonPath().getString("detail")).isEqualTo("tool executor exploded");
    assertThat(response.jsonPath().getString("run_id")).isEqualTo(received.runId());
  }

  @Test
  void rejectsInvalidSendsAsLettaDoes() {
    String agentId = createAgent(Map.of()).get("id").asText();
    String path = "/v1/agents/" + agentId + "/messages";
    Map<String, Object> user = Map.of("role", "user", "content", "hi");

    post(path, Map.of("messages", List.of(user), "input", "hi")).statusCode(422)
        .body("detail", containsString("both"));
    post(path, Map.of("max_steps", 3)).statusCode(422).body("detail", containsString("'messages' or 'input'"));
    post(path, Map.of("messages", List.of())).statusCode(422);
    post(path, Map.of("input", "")).statusCode(422);
    post(path, Map.of("input", "hi", "stream_tokens", true)).statusCode(422);
    post(path, Map.of("input", "hi", "background", true)).statusCode(422);
    post(path, Map.of("messages", List.of(Map.of("role", "robot", "content", "hi")))).statusCode(422)
        .body("detail", containsString("role"));
    post(path, Map.of("messages", List.of(Map.of("content", "hi")))).statusCode(422);
    post(path, Map.of("messages", List.of(Map.of("type", "approval", "approvals", List.of())))).statusCode(422);
    post(path, Map.of("messages", List.of(Map.of("role", "user", "content",
        List.of(Map.of("type", "image", "source", Map.of("type", "url", "url", "http://x"))))))).statusCode(422);
    given().contentType(ContentType.JSON).body("{\"input\": \"hi\"").when().post(path).then().statusCode(422);
    post("/v1/agents/agent-" + UUID.randomUUID() + "/messages", Map.of("input", "hi")).statusCode(404)
        .body("detail", equalTo("Agent not found"));
    post("/v1/agents/agent-1/messages", Map.of("input", "hi")).statusCode(422);
  }

  private void finish(String agentId, String runId, String reply) {
    String step = Ids.newId(Ids.STEP);
    String message = Ids.newId(Ids.MESSAGE);
    kafka.produce(new RunStarted(Ids.newId(Ids.EVENT), agentId, runId, Instant.now()),
        new RunCompleted(Ids.newId(Ids.EVENT), agentId, runId, StopReason.END_TURN, List.of(
            new ReasoningMessage(message, "2026-01-01T00:00:00+00:00", null, null, null, step, runId,
                "The user greets me.", "non_reasoner_model"),
            new AssistantMessage(message, "2026-01-01T00:00:00+00:00", null, null, null, step, runId, reply)),
            new UsageStatistics(10, 20, 30, 1), Instant.now()));
  }

  /** Sends on a thread of its own: a sync send blocks until the test plays the run to its end. */
  private static CompletableFuture<Response> send(String agentId, Map<String, Object> body) {
    return CompletableFuture.supplyAsync(() -> given().contentType(ContentType.JSON).body(body).when()
        .post("/v1/agents/" + agentId + "/messages").andReturn(), CLIENTS);
  }

  private static io.restassured.response.ValidatableResponse post(String path, Map<String, Object> body) {
    return given().contentType(ContentType.JSON).body(body).when().post(path).then();
  }
}
