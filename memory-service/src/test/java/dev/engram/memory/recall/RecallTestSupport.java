package dev.engram.memory.recall;

import static dev.engram.memory.MemoryApi.execute;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.contracts.Ids;
import dev.engram.contracts.Json;
import dev.engram.contracts.Topics;
import dev.engram.contracts.events.MessagesPersisted;
import dev.engram.contracts.events.MessagesPersisted.RecallEntry;
import dev.engram.memory.KafkaTestSupport;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Feeds the recall index through Kafka and searches it through the tool endpoint, as the platform does. */
final class RecallTestSupport {

  private RecallTestSupport() {
  }

  static RecallEntry entry(String role, String text, Instant at) {
    return new RecallEntry(Ids.newId(Ids.MESSAGE), "run-recall", role, text, at);
  }

  static RecallEntry entry(String role, String text, Instant at, String reasoning, List<String> toolNames) {
    return new RecallEntry(Ids.newId(Ids.MESSAGE), "run-recall", role, text, at, reasoning, toolNames);
  }

  /** Publishes the messages as one MessagesPersisted and waits until the agent has {@code total} indexed. */
  static MessagesPersisted index(String agent, List<RecallEntry> entries, int total) throws Exception {
    MessagesPersisted event = new MessagesPersisted(Ids.newId(Ids.EVENT), agent, entries);
    publish(event);
    awaitCount(agent, total);
    return event;
  }

  static void publish(MessagesPersisted event) throws Exception {
    KafkaTestSupport.send(Topics.MESSAGES, event.agentId(), Json.write(event));
  }

  static void awaitCount(String agent, int expected) {
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
        given().get("/internal/agents/{a}/recall/count", agent).then().statusCode(200)
            .extract().<Integer>path("count")).isEqualTo(expected));
  }

  /** conversation_search's parsed result for an agent in {@code timezone} (null: none sent). */
  static JsonNode search(String agent, String timezone, Map<String, Object> args) throws Exception {
    String toolReturn = execute(agent, timezone, "conversation_search", args, "step-" + UUID.randomUUID() + ":call")
        .statusCode(200)
        .body("status", equalTo("success"))
        .extract().path("tool_return");
    return Json.MAPPER.readTree(toolReturn);
  }

  static JsonNode search(String agent, Map<String, Object> args) throws Exception {
    return search(agent, null, args);
  }

  static List<String> contents(JsonNode result) {
    return result.get("results").valueStream().map(r -> r.get("content").asText()).toList();
  }
}
