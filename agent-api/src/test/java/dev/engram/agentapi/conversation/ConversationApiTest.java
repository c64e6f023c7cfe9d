package dev.engram.agentapi.conversation;

import static dev.engram.agentapi.support.Api.assertShape;
import static dev.engram.agentapi.support.Api.createAgent;
import static dev.engram.agentapi.support.Api.json;
import static dev.engram.agentapi.support.RunEvents.assistant;
import static dev.engram.agentapi.support.RunEvents.chunk;
import static dev.engram.agentapi.support.RunEvents.completed;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.agentapi.support.AgentApiTestResource;
import dev.engram.agentapi.support.Kafka;
import dev.engram.agentapi.support.PlaysStepRunner;
import dev.engram.agentapi.support.SseClient;
import dev.engram.agentapi.support.SseClient.Frame;
import dev.engram.contracts.Ids;
import dev.engram.contracts.events.AgentInboxEvent;
import dev.engram.contracts.events.MessageReceived;
import dev.engram.contracts.events.RunCancellationRequested;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * {@code conv-…} conversations against real Kafka and PostgreSQL: the records' CRUD and validation, sends that carry
 * the conversation to step-runner (played by the test through Kafka; FakePeers answers its listings, context window
 * ids and recompile), and cancel and resume scoped to one conversation.
 */
@QuarkusTest
@QuarkusTestResource(AgentApiTestResource.class)
class ConversationApiTest extends PlaysStepRunner {
  private static final String OTHER_MODEL = "scripted/conversation-model";

  @TestHTTPResource("/")
  URI base;

  @Test
  void aConversationIsCreatedReadListedUpdatedAndDeleted() {
    String agentId = agent();
    JsonNode created = json(post("/v1/conversations/?agent_id=" + agentId, Map.of("isolated_block_labels", List.of()))
        .statusCode(200).extract().response());
    String id = created.get("id").asText();
    assertThat(Ids.isValid(Ids.CONVERSATION, id)).as(id).isTrue();
    assertThat(created.get("agent_id").asText()).isEqualTo(agentId);
    assertThat(created.get("in_context_message_ids")).isEmpty();
    assertThat(created.get("isolated_block_ids")).isEmpty();
    assertThat(created.get("archived").asBoolean()).isFalse();
    assertThat(created.get("created_at").isTextual()).isTrue();
    ObjectNode lettaFields = created.deepCopy();
    // Fields the 1.12.1 SDK types but Letta's OpenAPI document predates.
    lettaFields.remove(List.of("archived", "archived_at", "description", "context_window_limit"));
    assertShape("Conversation", lettaFields);

    String messageId = Ids.newId(Ids.MESSAGE);
    setInContext(agentId, id, "[\"" + messageId + "\"]");
    given().get("/v1/conversations/" + id).then().statusCode(200).body("id", equalTo(id))
        .body("in_context_message_ids", equalTo(List.of(messageId)));

    JsonNode second = json(post("/v1/conversations/?agent_id=" + agentId, Map.of("summary", "Trip planning",
        "description", "a second thread", "model", OTHER_MODEL, "model_settings", Map.of("temperature", 0.2),
        "context_window_limit", 4000)).statusCode(200).extract().response());
    assertThat(second.get("summary").asText()).isEqualTo("Trip planning");
    assertThat(second.get("model").asText()).isEqualTo(OTHER_MODEL);
    assertThat(second.at("/model_settings/temperature").asDouble()).isEqualTo(0.2);
    assertThat(second.get("context_window_limit").asInt()).isEqualTo(4000);
    String secondId = second.get("id").asText();
    post("/v1/conversations/?agent_id=" + agentId, Map.of("hidden", true)).statusCode(200);

    given().queryParam("agent_id", agentId).when().get("/v1/conversations/").then().statusCode(200)
        .body("id", equalTo(List.of(secondId, id)));
    given().queryParam("agent_id", agentId).queryParam("order", "asc").queryParam("limit", 1).when()
        .get("/v1/conversations/").then().statusCode(200).body("id", equalTo(List.of(id)));
    given().queryParam("agent_id", agentId).queryParam("order", "asc").queryParam("after", id).when()
        .get("/v1/conversations/").then().statusCode(200).body("id", equalTo(List.of(secondId)));
    given().queryParam("agent_id", agentId).queryParam("summary_search", "trip").when()
        .get("/v1/conversations/").then().statusCode(200).body("id", equalTo(List.of(secondId)));

    patch("/v1/conversations/" + id, Map.of("summary", "Renamed", "archived", true)).statusCode(200)
        .body("summary", equalTo("Renamed")).body("archived", equalTo(true)).body("archived_at", notNullValue());
    given().queryParam("agent_id", agentId).when().get("/v1/conversations/").then()
        .body("id", equalTo(List.of(secondId)));
    given().queryParam("agent_id", agentId).queryParam("archive_status", "archived").when()
        .get("/v1/conversations/").then().body("id", equalTo(List.of(id)));
    given().queryParam("agent_id", agentId).queryParam("archive_status", "all").queryParam("order_by",
        "last_message_at").when().get("/v1/conversations/").then().body("id", equalTo(List.of(secondId, id)));
    patch("/v1/conversations/" + secondId, java.util.Collections.singletonMap("model", null)).statusCode(200)
        .body("model", nullValue()).body("summary", equalTo("Trip planning"));

    given().delete("/v1/conversations/" + id).then().statusCode(200);
    given().get("/v1/conversations/" + id).then().statusCode(404).body("detail", containsString(id));
    given().delete("/v1/conversations/" + id).then().statusCode(404);
    patch("/v1/conversations/" + id, Map.of("summary", "x")).statusCode(404);
    given().queryParam("agent_id", agentId).when().get("/v1/conversations/" + id + "/messages").then()
        .statusCode(404);

    given().delete("/v1/agents/" + agentId).then().statusCode(200);
    given().get("/v1/conversations/" + secondId).then().statusCode(404);
  }

  @Test
  void badConversationRequestsAreClientErrorsWithADetail() {
    String agentId = agent();
    String path = "/v1/conversations/?agent_id=" + agentId;
    post("/v1/conversations/", Map.of()).statusCode(422).body("detail", containsString("agent_id"));
    post("/v1/conversations/?agent_id=nope", Map.of()).statusCode(422).body("detail", containsString("agent_id"));
    post("/v1/conversations/?agent_id=" + Ids.newId(Ids.AGENT), Map.of()).statusCode(404)
        .body("detail", equalTo("Agent not found"));
    // The fake memory-service has no copies to make (404): the conversation is not left behind half made.
    post(path, Map.of("isolated_block_labels", List.of("human"))).statusCode(404);
    given().queryParam("agent_id", agentId).when().get("/v1/conversations/").then().statusCode(200)
        .body("size()", equalTo(0));
    post(path, Map.of("isolated_block_labels", "human")).statusCode(422)
        .body("detail", equalTo("isolated_block_labels: Input should be a valid list"));
    post(path, Map.of("summary", 5)).statusCode(422).body("detail", equalTo("summary: Input should be a valid string"));
    post(path, Map.of("hidden", "yes")).statusCode(422).body("detail", containsString("hidden"));
    post(path, Map.of("context_window_limit", 0)).statusCode(422).body("detail", containsString("greater than 0"));
    post(path, Map.of("context_window_limit", 1.5)).statusCode(422).body("detail", containsString("integer"));
    post(path, Map.of("model_settings", "hot")).statusCode(422).body("detail", containsString("model_settings"));
    post(path, Map.of("model", "nowhere/some-model")).statusCode(400).body("detail", containsString("nowhere"));
    post(path, List.of()).statusCode(422).body("detail", containsString("object"));
    given().contentType(ContentType.JSON).body("{oops").when().post(path).then().statusCode(422);

    String id = json(post(path, Map.of()).statusCode(200).extract().response()).get("id").asText();
    patch("/v1/conversations/" + id, Map.of("summary", List.of())).statusCode(422)
        .body("detail", containsString("summary"));
    patch("/v1/conversations/" + id, Map.of("last_message_at", "yesterday")).statusCode(422)
        .body("detail", containsString("datetime"));
    patch("/v1/conversations/" + id, Map.of("archived", "no")).statusCode(422);
    given().get("/v1/conversations/conv-nope").then().statusCode(422).body("detail", containsString("conv-"));
    given().queryParam("order_by", "name").when().get("/v1/conversations/").then().statusCode(422);
    given().queryParam("archive_status", "some").when().get("/v1/conversations/").then().statusCode(422);
    given().queryParam("limit", "0").when().get("/v1/conversations/").then().statusCode(422);
    given().queryParam("agent_id", Ids.newId(Ids.AGENT)).when().get("/v1/conversations/").then().statusCode(404);
    given().queryParam("after", Ids.newId(Ids.CONVERSATION)).when().get("/v1/conversations/").then()
        .statusCode(404);
    post("/v1/conversations/" + Ids.newId(Ids.CONVERSATION) + "/fork", Map.of()).statusCode(404);
    given().queryParam("message_id", "nope").post("/v1/conversations/" + id + "/fork").then().statusCode(422);
    given().post("/v1/conversations/default/fork").then().statusCode(422).body("detail", containsString("agent_id"));

    setInContext(agentId, id, "{\"fail\": \"context store down\"}");
    given().get("/v1/conversations/" + id).then().statusCode(502)
        .body("detail", containsString("context store down"));
    setInContext(agentId, id, "{\"drop\": true}");
    given().get("/v1/conversations/" + id).then().statusCode(503)
        .body("detail", equalTo("step-runner is unavailable"));
  }

  @Test
  void aSendToAConversationCarriesItToStepRunnerWithTheConversationsModel() throws Exception {
    String agentId = agent();
    String conv = conversation(agentId, Map.of("model", OTHER_MODEL, "model_settings", Map.of("temperature", 0.1)));
    given().get("/v1/conversations/" + conv).then().body("last_message_at", nullValue());
    try (SseClient sse = SseClient.post(uri("/v1/conversations/" + conv + "/messages"), Map.of(
        "messages", List.of(Map.of("role", "user", "content", "hi", "otid", "otid-" + conv)), "background", true,
        "stream_tokens", true, "client_tools", List.of()))) {
      assertThat(sse.status()).isEqualTo(200);
      String runId = sse.next(10).json().path("run_id").asText();
      MessageReceived received = kafka.awaitInbox(agentId, MessageReceived.class, 0);
      assertThat(received.runId()).isEqualTo(runId);
      assertThat(received.conversationId()).isEqualTo(conv);
      assertThat(received.streamTokens()).isTrue();
      assertThat(received.agent().llmConfig().handle()).isEqualTo(OTHER_MODEL);
      assertThat(received.agent().llmConfig().temperature()).isEqualTo(0.1);
      given().get("/v1/runs/" + runId).then().statusCode(200).body("conversation_id", equalTo(conv));
      given().queryParam("conversation_id", conv).when().get("/v1/runs/").then().statusCode(200)
          .body("id", equalTo(List.of(runId)));
      given().get("/v1/conversations/" + conv).then().body("last_message_at", notNullValue());
      kafka.produce(chunk(agentId, runId, 1, false, assistant(Ids.newId(Ids.MESSAGE), Ids.newId(Ids.STEP), runId,
          "Hello from the thread")), completed(agentId, runId));
      Frame reply = sse.next(10);
      assertThat(reply.json().path("content").asText()).isEqualTo("Hello from the thread");
    }

    // The default conversation keeps the agent's own model and no conversation id.
    CompletableFuture<Response> sync = CompletableFuture.supplyAsync(() -> given().contentType(ContentType.JSON)
        .body(Map.of("input", "hi", "agent_id", agentId, "streaming", false)).when()
        .post("/v1/conversations/default/messages").andReturn());
    MessageReceived defaultRun = kafka.awaitInbox(agentId, MessageReceived.class, 1);
    assertThat(defaultRun.conversationId()).isNull();
    assertThat(defaultRun.agent().llmConfig().handle()).isNotEqualTo(OTHER_MODEL);
    kafka.produce(completed(agentId, defaultRun.runId()));
    assertThat(sync.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);

    post("/v1/conversations/" + conv + "/messages", Map.of("input", "hi", "agent_id", agent())).statusCode(400)
        .body("detail", containsString("does not match"));
    // The same otid in another conversation of the agent is not a retry of that run.
    post("/v1/conversations/default/messages", Map.of("agent_id", agentId, "streaming", false, "messages",
        List.of(Map.of("role", "user", "content", "hi", "otid", "otid-" + conv)))).statusCode(409)
        .body("detail", containsString("another conversation"));
  }

  @Test
  void listingsCompactionAndRecompileNameTheConversationToStepRunner() throws Exception {
    String agentId = agent();
    String conv = conversation(agentId, Map.of("model", OTHER_MODEL));
    // FakePeers answers system, user, assistant (oldest first, as step-runner pages) with the query in the first.
    given().queryParam("limit", 5).when().get("/v1/conversations/" + conv + "/messages").then().statusCode(200)
        .body("message_type", equalTo(List.of("assistant_message", "user_message", "system_message")))
        .body("[2].content", containsString("conversation_id=" + conv));
    given().queryParam("order", "asc").when().get("/v1/conversations/" + conv + "/messages").then()
        .body("message_type", equalTo(List.of("system_message", "user_message", "assistant_message")));
    // A conv- conversation's page is newest first through the agent listing too.
    given().queryParam("conversation_id", conv).when().get("/v1/agents/" + agentId + "/messages").then()
        .statusCode(200).body("[2].content", containsString("conversation_id=" + conv));
    given().queryParam("conversation_id", "default").when().get("/v1/agents/" + agentId + "/messages").then()
        .body("[0].content", containsString("conversation_id=default"));
    given().queryParam("agent_id", agentId).when().get("/v1/conversations/default/messages").then()
        .body("[0].content", containsString("conversation_id=default"));
    given().get("/v1/agents/" + agentId + "/messages").then()
        .body("[0].content", org.hamcrest.Matchers.not(containsString("conversation_id")));
    given().queryParam("conversation_id", conv).when().get("/v1/agents/" + agent() + "/messages").then()
        .statusCode(404);

    given().queryParam("dry_run", "true").when().post("/v1/conversations/" + conv + "/recompile").then()
        .statusCode(200).body(containsString("conversation_id=" + conv)).body(containsString(OTHER_MODEL))
        .body(containsString("dry_run=true"));
    given().contentType(ContentType.JSON).body(Map.of("agent_id", agentId)).when()
        .post("/v1/conversations/default/recompile").then().statusCode(200)
        .body(containsString("conversation_id=default"));

    String stepRunner = ConfigProvider.getConfig().getValue("quarkus.rest-client.step-runner.url", String.class);
    given().contentType(ContentType.JSON).body(Map.of("summary", "short", "num_messages_before", 6,
        "num_messages_after", 2)).when().put(stepRunner + "/internal/agents/" + agentId + "/compactions").then()
        .statusCode(204);
    CompletableFuture<Response> compact = CompletableFuture.supplyAsync(() -> given().contentType(ContentType.JSON)
        .body(Map.of()).when().post("/v1/conversations/" + conv + "/compact").andReturn());
    MessageReceived compaction = kafka.awaitInbox(agentId, MessageReceived.class, 0);
    assertThat(compaction.compaction()).isTrue();
    assertThat(compaction.conversationId()).isEqualTo(conv);
    kafka.produce(completed(agentId, compaction.runId()));
    Response answered = compact.get(30, TimeUnit.SECONDS);
    assertThat(answered.statusCode()).as(answered.asString()).isEqualTo(200);
    assertThat(answered.jsonPath().getInt("num_messages_after")).isEqualTo(2);
  }

  @Test
  void cancelAndResumeReachOnlyTheConversationsOwnRuns() throws Exception {
    String agentId = agent();
    String conv = conversation(agentId, Map.of());
    String idle = conversation(agentId, Map.of());
    String defaultRun;
    String convRun;
    try (SseClient inDefault = SseClient.post(uri("/v1/conversations/default/messages"), Map.of("agent_id", agentId,
        "input", "first", "background", true));
        SseClient inConv = SseClient.post(uri("/v1/conversations/" + conv + "/messages"), Map.of("input", "second",
            "background", true))) {
      defaultRun = inDefault.next(10).json().path("run_id").asText();
      convRun = inConv.next(10).json().path("run_id").asText();
    }
    kafka.produce(chunk(agentId, defaultRun, 1, false, assistant(Ids.newId(Ids.MESSAGE), Ids.newId(Ids.STEP),
        defaultRun, "in default")), chunk(agentId, convRun, 1, false, assistant(Ids.newId(Ids.MESSAGE),
        Ids.newId(Ids.STEP), convRun, "in conversation")));

    try (SseClient resumed = SseClient.post(uri("/v1/conversations/" + conv + "/stream"),
        Map.of("include_pings", false))) {
      assertThat(resumed.status()).isEqualTo(200);
      Frame frame = resumed.next(10);
      assertThat(frame.json().path("run_id").asText()).isEqualTo(convRun);
      assertThat(frame.json().path("content").asText()).isEqualTo("in conversation");
    }
    try (SseClient resumed = SseClient.post(uri("/v1/conversations/default/stream"),
        Map.of("agent_id", agentId, "include_pings", false))) {
      assertThat(resumed.next(10).json().path("run_id").asText()).isEqualTo(defaultRun);
    }
    // A run of another conversation is not resumed through this one's path.
    SseClient foreign = SseClient.post(uri("/v1/conversations/" + conv + "/stream"), Map.of("run_id", defaultRun));
    assertThat(foreign.status()).isEqualTo(404);
    assertThat(foreign.errorBody().path("detail").asText()).contains("not a run of conversation " + conv);
    SseClient none = SseClient.post(uri("/v1/conversations/" + idle + "/stream"), Map.of());
    assertThat(none.status()).isEqualTo(400);
    assertThat(none.errorBody().path("detail").asText()).isEqualTo("No active runs found for this conversation.");

    // A conversation with a live run cannot be deleted; the idle one can.
    given().when().delete("/v1/conversations/" + conv).then().statusCode(409)
        .body("detail", containsString("active runs"));
    given().when().delete("/v1/conversations/" + idle).then().statusCode(200);
    idle = conversation(agentId, Map.of());
    given().contentType(ContentType.JSON).when().post("/v1/conversations/" + conv + "/cancel").then()
        .statusCode(200).body("", equalTo(Map.of(convRun, "cancelled")));
    List<String> cancelled = cancellations(agentId, 1);
    assertThat(cancelled).containsExactly(convRun);
    given().contentType(ContentType.JSON).when().post("/v1/conversations/" + idle + "/cancel").then()
        .statusCode(409).body("detail", containsString(idle));
    given().contentType(ContentType.JSON).queryParam("agent_id", agentId).when()
        .post("/v1/conversations/default/cancel").then().statusCode(200)
        .body("", equalTo(Map.of(defaultRun, "cancelled")));
    assertThat(cancellations(agentId, 2)).containsExactly(convRun, defaultRun);
    given().contentType(ContentType.JSON).queryParam("agent_id", agent()).when()
        .post("/v1/conversations/" + conv + "/cancel").then().statusCode(400);
  }

  /** The run ids of the first {@code count} cancellation requests published for the agent. */
  private List<String> cancellations(String agentId, int count) {
    kafka.awaitInbox(agentId, RunCancellationRequested.class, count - 1);
    return kafka.seenFor(agentId).stream().filter(RunCancellationRequested.class::isInstance)
        .map(AgentInboxEvent.class::cast).map(e -> ((RunCancellationRequested) e).runId()).toList();
  }

  private static String agent() {
    return createAgent(Map.of()).get("id").asText();
  }

  private static String conversation(String agentId, Map<String, Object> body) {
    return json(post("/v1/conversations/?agent_id=" + agentId, body).statusCode(200).extract().response())
        .get("id").asText();
  }

  private static void setInContext(String agentId, String conversationId, String ids) {
    String stepRunner = ConfigProvider.getConfig().getValue("quarkus.rest-client.step-runner.url", String.class);
    given().contentType(ContentType.JSON).body(ids).when()
        .put(stepRunner + "/internal/agents/" + agentId + "/conversations/" + conversationId + "/in-context").then()
        .statusCode(204);
  }

  private static ValidatableResponse post(String path, Object body) {
    return given().contentType(ContentType.JSON).body(body).when().post(path).then();
  }

  private static ValidatableResponse patch(String path, Object body) {
    return given().contentType(ContentType.JSON).body(body).when().patch(path).then();
  }

  private URI uri(String path) {
    return base.resolve(path);
  }
}
