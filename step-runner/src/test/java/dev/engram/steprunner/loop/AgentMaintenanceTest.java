package dev.engram.steprunner.loop;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.engram.contracts.Ids;
import dev.engram.contracts.Json;
import dev.engram.contracts.api.AgentSnapshot;
import dev.engram.contracts.api.InputMessage;
import dev.engram.contracts.api.LlmConfig;
import dev.engram.contracts.events.MessageReceived;
import dev.engram.platform.db.Sql;
import dev.engram.steprunner.StepRunnerTestResource;
import dev.engram.steprunner.StepRunnerTopics;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Recompiling the system prompt and resetting the message buffer outside runs, against real Kafka,
 * PostgreSQL, memory-service and the scripted model: what the prompt shows, what is persisted, and that
 * neither interleaves with a running step.
 */
@QuarkusTest
@QuarkusTestResource(StepRunnerTestResource.class)
class AgentMaintenanceTest {
  private static final Pattern STAMP = Pattern.compile("System prompt last recompiled: (.*)");
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static StepRunnerTopics topics;

  @Inject
  Sql sql;

  @BeforeAll
  static void connect() {
    topics = StepRunnerTopics.open();
  }

  @AfterAll
  static void disconnect() {
    topics.close();
  }

  private static String memoryUrl() {
    return ConfigProvider.getConfig().getValue("quarkus.rest-client.memory-service.url", String.class);
  }

  private static String memory(String method, String path, String body) throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(memoryUrl() + path))
        .header("content-type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isEqualTo(200);
    return r.body();
  }

  private static AgentSnapshot agent(String agentId) {
    return new AgentSnapshot(agentId, "maintained", "letta_v1_agent", "You are maintained.",
        new LlmConfig("scripted-model", "openai", null, 32768, "scripted/scripted-model", "scripted", "base", null,
            null, false), List.of(), "UTC");
  }


  private static void send(String agentId, String text) {
    var event = new MessageReceived(Ids.newId(Ids.EVENT), agentId, Ids.newId(Ids.RUN), agent(agentId),
        List.of(new InputMessage("user", text, null, null)), 10, Instant.now());
    topics.publish(agentId, event);
    topics.flush();
  }

  private long stored(String agentId, boolean inContextOnly) {
    return sql.queryOne("SELECT count(*) FROM messages WHERE agent_id = ?" + (inContextOnly ? " AND in_context" : ""),
        rs -> rs.getLong(1), agentId).orElseThrow();
  }

  private void awaitStored(String agentId, long count) {
    await().atMost(Duration.ofSeconds(60)).until(() -> stored(agentId, false) == count);
  }

  private String systemPrompt(String agentId) {
    return sql.queryOne("SELECT content FROM messages WHERE agent_id = ? AND role = 'system' AND in_context",
        rs -> rs.getString(1), agentId).orElseThrow();
  }

  private static String recompile(String agentId, String query) {
    return given().contentType(ContentType.JSON).body(Json.write(agent(agentId)))
        .post("/internal/agents/" + agentId + "/recompile" + query)
        .then().statusCode(200).extract().as(String.class);
  }

  private static String stamp(String prompt) {
    Matcher m = STAMP.matcher(prompt);
    assertThat(m.find()).as(prompt).isTrue();
    return m.group(1);
  }

  @Test
  void recompileShowsMemoryChangedElsewhereAndKeepsTheStampUnlessAsked() throws Exception {
    String agentId = StepRunnerTopics.newAgent();
    send(agentId, "hello");
    awaitStored(agentId, 3);
    String before = systemPrompt(agentId);
    memory("PATCH", "/internal/agents/" + agentId + "/blocks/human", "{\"value\":\"Name: Grace\"}");
    memory("POST", "/v1/agents/" + agentId + "/archival-memory", "{\"text\":\"Grace likes tea\",\"tags\":[\"food\"]}");

    String dry = recompile(agentId, "?dry_run=true");
    assertThat(dry).contains("Name: Grace").contains("- 1 memories you saved").contains("archival memory: food");
    assertThat(systemPrompt(agentId)).isEqualTo(before);

    String kept = recompile(agentId, "");
    assertThat(kept).isEqualTo(dry);
    assertThat(stamp(kept)).isEqualTo(stamp(before));
    assertThat(systemPrompt(agentId)).isEqualTo(kept);

    await().pollDelay(Duration.ofMillis(1100)).atMost(Duration.ofSeconds(5)).until(() -> true);
    String bumped = recompile(agentId, "?update_timestamp=true");
    assertThat(stamp(bumped)).isNotEqualTo(stamp(before));
    assertThat(systemPrompt(agentId)).isEqualTo(bumped);
  }

  @Test
  void recompileOfAnAgentThatNeverRanStoresItsSystemMessage() throws Exception {
    String agentId = StepRunnerTopics.newAgent();
    String prompt = recompile(agentId, "");
    assertThat(prompt).startsWith("You are maintained.\n\n<memory_blocks>").contains("Name: unknown");
    assertThat(systemPrompt(agentId)).isEqualTo(prompt);

    send(agentId, "first words");
    awaitStored(agentId, 3);
    assertThat(sql.queryOne("SELECT count(*) FROM messages WHERE agent_id = ? AND role = 'system'",
        rs -> rs.getLong(1), agentId)).contains(1L);
  }

  @Test
  void resetKeepsHistoryButLeavesOnlyTheSystemMessageInContext() throws Exception {
    String agentId = StepRunnerTopics.newAgent();
    send(agentId, "one");
    send(agentId, "two");
    awaitStored(agentId, 5);
    String systemId = sql.queryOne("SELECT id FROM messages WHERE agent_id = ? AND role = 'system'",
        rs -> rs.getString(1), agentId).orElseThrow();

    given().contentType(ContentType.JSON).body(Json.write(agent(agentId)))
        .post("/internal/agents/" + agentId + "/reset-messages").then().statusCode(204);

    assertThat(stored(agentId, false)).isEqualTo(5);
    assertThat(stored(agentId, true)).isEqualTo(1);
    assertThat(sql.queryOne("SELECT id FROM messages WHERE agent_id = ? AND in_context", rs -> rs.getString(1),
        agentId)).contains(systemId);
    assertThat(systemPrompt(agentId)).contains("- 4 earlier messages");

    // The next run sees the reset window (the cached one was dropped) and adds to it.
    send(agentId, "three");
    awaitStored(agentId, 7);
    assertThat(stored(agentId, true)).isEqualTo(3);
    assertThat(systemPrompt(agentId)).contains("- 4 earlier messages");
    given().get("/internal/agents/" + agentId + "/messages?order=asc").then().statusCode(200)
        .body("size()", org.hamcrest.Matchers.is(7));
  }

  @Test
  void resetWaitsForTheRunningRunInsteadOfInterleaving() throws Exception {
    String agentId = StepRunnerTopics.newAgent();
    send(agentId, "warm up");
    awaitStored(agentId, 3);
    send(agentId, "slow answer <<latency:1500>>");
    await().atMost(Duration.ofSeconds(30)).until(() -> stored(agentId, false) == 4);

    given().contentType(ContentType.JSON).body(Json.write(agent(agentId)))
        .post("/internal/agents/" + agentId + "/reset-messages").then().statusCode(204);

    // The slow run finished before the reset took the agent: its reply is stored and out of context.
    assertThat(stored(agentId, false)).isEqualTo(5);
    assertThat(stored(agentId, true)).isEqualTo(1);
  }

  @Test
  void maintenanceRejectsASnapshotOfAnotherAgent() throws Exception {
    String agentId = StepRunnerTopics.newAgent();
    given().contentType(ContentType.JSON).body(Json.write(agent(Ids.newId(Ids.AGENT))))
        .post("/internal/agents/" + agentId + "/reset-messages").then().statusCode(400);
  }
}
