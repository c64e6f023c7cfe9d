package dev.engram.memory.recall;

import static dev.engram.memory.MemoryApi.execute;
import static dev.engram.memory.MemoryApi.newAgent;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.contracts.Ids;
import dev.engram.contracts.Json;
import dev.engram.contracts.Topics;
import dev.engram.contracts.events.MessagesPersisted;
import dev.engram.contracts.events.MessagesPersisted.RecallEntry;
import dev.engram.local.EngramInfraTestResource;
import dev.engram.memory.KafkaTestSupport;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = EngramInfraTestResource.class,
    initArgs = @ResourceArg(name = "database", value = "memory"))
class RecallIndexTest {
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  @Test
  void persistedMessagesBecomeSearchable() throws Exception {
    String agent = newAgent();
    MessagesPersisted event = new MessagesPersisted(Ids.newId(Ids.EVENT), agent, List.of(
        entry("user", "My favourite drink is Earl Grey tea", T0),
        entry("assistant", "Noted, you love tea!", T0.plusSeconds(60)),
        entry("tool", "tea appears in a tool return", T0.plusSeconds(90)),
        entry("user", "I moved to Oslo last year", T0.plusSeconds(120))));
    publish(event);
    awaitCount(agent, 4);

    JsonNode tea = search(agent, Map.of("query", "TEA"));
    assertThat(tea.get("message").asText()).isEqualTo("Showing 2 results:");
    assertThat(tea.get("results")).extracting(r -> r.get("content").asText())
        .containsExactly("Noted, you love tea!", "My favourite drink is Earl Grey tea");
    assertThat(tea.get("results").get(0).get("role").asText()).isEqualTo("assistant");
    assertThat(tea.get("results").get(0).get("timestamp").asText()).isEqualTo("2026-03-01T10:01:00+00:00");

    JsonNode phrase = search(agent, Map.of("query", "moving to oslo"));
    assertThat(phrase.get("results")).extracting(r -> r.get("content").asText())
        .containsExactly("I moved to Oslo last year");

    JsonNode usersOnly = search(agent, Map.of("query", "tea", "roles", List.of("user")));
    assertThat(usersOnly.get("results")).hasSize(1);

    JsonNode windowed = search(agent, Map.of("start_date", "2026-03-01T10:01", "end_date", "2026-03-01"));
    assertThat(windowed.get("results")).extracting(r -> r.get("content").asText())
        .containsExactly("I moved to Oslo last year", "Noted, you love tea!");

    JsonNode newestOne = search(agent, Map.of("limit", 1));
    assertThat(newestOne.get("results")).extracting(r -> r.get("content").asText())
        .containsExactly("I moved to Oslo last year");

    JsonNode none = search(agent, Map.of("query", "coffee"));
    assertThat(Json.write(none)).isEqualTo("{\"message\":\"No results found.\",\"results\":[]}");
  }

  @Test
  void aRedeliveredEventIsIndexedOnce() throws Exception {
    String agent = newAgent();
    MessagesPersisted event = new MessagesPersisted(Ids.newId(Ids.EVENT), agent,
        List.of(entry("user", "hello there", T0)));
    publish(event);
    publish(event);
    MessagesPersisted overlapping = new MessagesPersisted(Ids.newId(Ids.EVENT), agent,
        List.of(event.messages().get(0), entry("user", "second message", T0.plusSeconds(5))));
    publish(overlapping);
    awaitCount(agent, 2);
    assertThat(search(agent, Map.of()).get("results")).hasSize(2);
  }

  @Test
  void badSearchArgumentsAreToolErrors() {
    String agent = newAgent();
    execute(agent, "conversation_search", Map.of("start_date", "yesterday")).statusCode(200)
        .body("status", equalTo("error"))
        .body("tool_return", startsWith("Invalid start_date format: yesterday."));
    execute(agent, "conversation_search", Map.of("roles", List.of("robot"))).statusCode(200)
        .body("tool_return", equalTo("'robot' is not a valid MessageRole"));
  }

  @Test
  void poisonRecordsGoToTheDeadLetterTopic() throws Exception {
    String marker = "not-an-event-" + Ids.newId(Ids.EVENT);
    KafkaTestSupport.send(Topics.MESSAGES, "agent-poison", marker);
    assertThat(KafkaTestSupport.awaitRecord(Topics.deadLetter(Topics.MESSAGES), v -> v.equals(marker)))
        .isEqualTo(marker);
  }

  private static RecallEntry entry(String role, String text, Instant at) {
    return new RecallEntry(Ids.newId(Ids.MESSAGE), "run-recall", role, text, at);
  }

  private static void publish(MessagesPersisted event) throws Exception {
    KafkaTestSupport.send(Topics.MESSAGES, event.agentId(), Json.write(event));
  }

  private static void awaitCount(String agent, int expected) {
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
        given().get("/internal/agents/{a}/recall/count", agent).then().statusCode(200)
            .extract().<Integer>path("count")).isEqualTo(expected));
  }

  private static JsonNode search(String agent, Map<String, Object> args) throws Exception {
    String toolReturn = execute(agent, "conversation_search", args).statusCode(200)
        .body("status", equalTo("success"))
        .extract().path("tool_return");
    return Json.MAPPER.readTree(toolReturn);
  }
}
