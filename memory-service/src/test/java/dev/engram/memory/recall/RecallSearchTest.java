package dev.engram.memory.recall;

import static dev.engram.memory.MemoryApi.createBlocks;
import static dev.engram.memory.MemoryApi.newAgent;
import static dev.engram.memory.recall.RecallTestSupport.contents;
import static dev.engram.memory.recall.RecallTestSupport.entry;
import static dev.engram.memory.recall.RecallTestSupport.index;
import static dev.engram.memory.recall.RecallTestSupport.search;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.contracts.Json;
import dev.engram.contracts.events.MessagesPersisted.RecallEntry;
import dev.engram.local.EngramInfraTestResource;
import dev.engram.platform.db.Sql;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = EngramInfraTestResource.class,
    initArgs = @ResourceArg(name = "database", value = "memory"))
class RecallSearchTest {
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  @Inject
  Sql sql;

  /** An agent whose conversation covers a few unrelated topics, fully embedded. */
  private String conversation() throws Exception {
    String agent = newAgent();
    List<RecallEntry> entries = List.of(
        entry("user", "My sister just adopted a golden retriever puppy called Biscuit", T0),
        entry("assistant", "How lovely! Puppies are a lot of work though.", T0.plusSeconds(10)),
        entry("user", "Where is my order ORD-58213? It still has not arrived.", T0.plusSeconds(20)),
        entry("assistant", "I am sorry about the delay with your parcel.", T0.plusSeconds(30)),
        entry("user", "I am flying to Lisbon for a conference next month", T0.plusSeconds(40)),
        entry("assistant", "Enjoy Portugal, the pastries there are great.", T0.plusSeconds(50)),
        entry("user", "Can you recommend a good book about astronomy?", T0.plusSeconds(60)));
    index(agent, entries, entries.size());
    awaitEmbedded(agent, entries.size());
    return agent;
  }

  @Test
  void hybridSearchFindsAParaphraseByMeaning() throws Exception {
    String agent = conversation();
    // No word in common with the message: only the vector ranking can find it.
    JsonNode result = search(agent, Map.of("query", "my sibling got a new dog", "limit", 3));
    JsonNode top = result.get("results").get(0);
    assertThat(top.get("content").asText()).isEqualTo("My sister just adopted a golden retriever puppy called Biscuit");
    assertThat(top.get("relevance").get("vector_rank").asInt()).isEqualTo(1);
    assertThat(top.get("relevance").has("fts_rank")).isFalse();
    assertThat(top.get("relevance").get("rrf_score").asDouble()).isEqualTo(0.5 / 61);
    assertThat(result.get("message").asText()).isEqualTo("Showing 3 results:");
  }

  @Test
  void hybridSearchFindsAnExactTokenByFullText() throws Exception {
    String agent = conversation();
    JsonNode result = search(agent, Map.of("query", "ORD-58213"));
    JsonNode top = result.get("results").get(0);
    assertThat(top.get("content").asText()).isEqualTo("Where is my order ORD-58213? It still has not arrived.");
    assertThat(top.get("relevance").get("fts_rank").asInt()).isEqualTo(1);
  }

  @Test
  void rolesFilterAndLimit() throws Exception {
    String agent = conversation();
    JsonNode assistant = search(agent, Map.of("query", "travel", "roles", List.of("assistant"), "limit", 10));
    assertThat(assistant.get("results").valueStream().map(r -> r.get("role").asText())).containsOnly("assistant")
        .hasSize(3);
    JsonNode two = search(agent, Map.of("query", "travel", "limit", 2));
    assertThat(two.get("results")).hasSize(2);
    assertThat(two.get("message").asText()).isEqualTo("Showing 2 results:");
    JsonNode toolOnly = search(agent, Map.of("query", "travel", "roles", List.of("tool")));
    assertThat(Json.write(toolOnly)).isEqualTo("{\"message\":\"No results found.\",\"results\":[]}");
  }

  @Test
  void withoutAQueryTheNewestMessagesMatch() throws Exception {
    String agent = newAgent();
    index(agent, List.of(entry("user", "first", T0), entry("user", "second", T0.plusSeconds(1)),
        entry("user", "third", T0.plusSeconds(2))), 3);
    JsonNode newest = search(agent, Map.of("limit", 2));
    assertThat(contents(newest)).containsExactly("third", "second");
    assertThat(newest.get("results").get(0).get("relevance").get("search_mode").asText()).isEqualTo("timestamp");
  }

  @Test
  void datesAreReadInTheAgentsTimezone() throws Exception {
    String agent = newAgent();
    String zone = "America/New_York";
    // 22:00 on Feb 28 and 10:00 on Mar 1 in New York.
    index(agent, List.of(entry("user", "late evening note", Instant.parse("2026-03-01T03:00:00Z")),
        entry("user", "morning note", Instant.parse("2026-03-01T15:00:00Z"))), 2);

    JsonNode fromMarch = search(agent, zone, Map.of("start_date", "2026-03-01"));
    assertThat(contents(fromMarch)).containsExactly("morning note");
    assertThat(fromMarch.get("results").get(0).get("timestamp").asText()).isEqualTo("2026-03-01T10:00:00-05:00");

    // A date-only end date includes that whole day, in the agent's timezone.
    assertThat(contents(search(agent, zone, Map.of("end_date", "2026-02-28")))).containsExactly("late evening note");
    assertThat(contents(search(agent, zone, Map.of("start_date", "2026-02-28T21:00", "end_date",
        "2026-02-28T23:00")))).containsExactly("late evening note");
    // The same dates in UTC (no timezone sent) select the other way round.
    assertThat(contents(search(agent, null, Map.of("end_date", "2026-02-28")))).isEmpty();
    assertThat(contents(search(agent, null, Map.of("start_date", "2026-03-01")))).hasSize(2);
  }

  @Test
  void toolMessagesAndConversationSearchCallsNeverMatch() throws Exception {
    String agent = newAgent();
    index(agent, List.of(
        entry("user", "The wifi password is zebra42", T0),
        entry("assistant", "", T0.plusSeconds(1), "I should look up the zebra42 password", List.of("conversation_search")),
        entry("tool", "{\"message\":\"Showing 1 results:\",\"results\":[\"zebra42\"]}", T0.plusSeconds(2), null,
            List.of("conversation_search")),
        entry("assistant", "Saved zebra42 to memory.", T0.plusSeconds(3), "Store it", List.of("memory_insert"))),
        4);
    JsonNode found = search(agent, Map.of("query", "zebra42", "limit", 10));
    assertThat(found.get("results").valueStream().map(r -> r.get("content").asText()))
        .containsExactlyInAnyOrder("The wifi password is zebra42", "Saved zebra42 to memory.");
    JsonNode assistant = found.get("results").valueStream().filter(r -> r.get("role").asText().equals("assistant"))
        .findFirst().orElseThrow();
    assertThat(assistant.get("thinking").asText()).isEqualTo("Store it");
  }

  @Test
  void messagesSearchEndpointRanksByEachMode() throws Exception {
    String agent = conversation();
    List<Map<String, Object>> vector = messagesSearch(Map.of("agent_id", agent, "query", "a pet dog in the family",
        "search_mode", "vector", "limit", 1)).statusCode(200).extract().jsonPath().getList("$");
    assertThat(vector).singleElement().satisfies(m -> {
      assertThat(m.get("message_type")).isEqualTo("user_message");
      assertThat((String) m.get("content")).contains("golden retriever");
      assertThat(m.get("agent_id")).isEqualTo(agent);
    });
    List<Map<String, Object>> fts = messagesSearch(Map.of("agent_id", agent, "query", "ORD-58213",
        "search_mode", "fts")).statusCode(200).extract().jsonPath().getList("$");
    assertThat(fts).singleElement().satisfies(m -> assertThat((String) m.get("content")).contains("ORD-58213"));
    List<Map<String, Object>> hybrid = messagesSearch(Map.of("agent_id", agent, "query", "Portugal trip",
        "limit", 2, "start_date", "2026-03-01T10:00:40Z", "end_date", "2026-03-01")).statusCode(200)
        .extract().jsonPath().getList("$");
    assertThat(hybrid).extracting(m -> m.get("content"))
        .containsExactlyInAnyOrder("I am flying to Lisbon for a conference next month",
            "Enjoy Portugal, the pastries there are great.");
  }

  @Test
  void messagesSearchRejectsBadInputWith4xx() {
    String agent = newAgent();
    messagesSearch(Map.of("agent_id", agent, "query", "x", "search_mode", "semantic")).statusCode(422)
        .body("detail", containsString("search_mode"));
    messagesSearch(Map.of("agent_id", agent, "query", "x", "start_date", "last week")).statusCode(422)
        .body("detail", containsString("start_date"));
    messagesSearch(Map.of("agent_id", agent)).statusCode(422).body("detail", equalTo("Field required: query"));
    messagesSearch(Map.of("agent_id", agent, "query", "x", "limit", 0)).statusCode(422)
        .body("detail", containsString("limit"));
    messagesSearch(Map.of("query", "x")).statusCode(400).body("detail", containsString("agent_id"));
  }

  @Test
  void memoryMetadataAnswersCountsAndBlocksInOneCall() throws Exception {
    String agent = newAgent();
    createBlocks(agent, List.of(Map.of("label", "human", "value", "Name: Ada"),
        Map.of("label", "persona", "value", "I am helpful.")));
    List<RecallEntry> entries = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      entries.add(entry(i % 2 == 0 ? "user" : "assistant", "message " + i, T0.plusSeconds(i)));
    }
    index(agent, entries, 5);
    given().get("/internal/agents/{a}/memory-metadata", agent).then().statusCode(200)
        .body("archival_count", equalTo(0)).body("archival_tags.size()", equalTo(0));
    for (String tag : List.of("family", "work")) {
      given().contentType(ContentType.JSON).body(Json.write(Map.of("text", "A note about " + tag, "tags", List.of(tag))))
          .post("/v1/agents/{a}/archival-memory", agent).then().statusCode(200);
    }
    given().get("/internal/agents/{a}/memory-metadata", agent).then().statusCode(200)
        .body("recall_count", equalTo(5))
        .body("archival_count", equalTo(2))
        .body("archival_tags", equalTo(List.of("family", "work")))
        .body("blocks.label", equalTo(List.of("human", "persona")))
        .body("blocks[0].value", equalTo("Name: Ada"));
    given().get("/internal/agents/{a}/memory-metadata?recall_count=false", agent).then().statusCode(200)
        .body("recall_count", equalTo(-1)).body("archival_count", equalTo(2));
    given().get("/internal/agents/{a}/memory-metadata", newAgent()).then().statusCode(200)
        .body("recall_count", equalTo(0)).body("blocks.size()", equalTo(0));
  }

  private static ValidatableResponse messagesSearch(Map<String, Object> body) {
    return given().contentType(ContentType.JSON).body(Json.write(body)).post("/v1/messages/search").then();
  }

  private void awaitEmbedded(String agent, int expected) {
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(sql.queryOne(
        "SELECT count(*) FROM recall_messages WHERE agent_id = ? AND embedding IS NOT NULL",
        rs -> rs.getLong(1), agent)).contains((long) expected));
  }
}
