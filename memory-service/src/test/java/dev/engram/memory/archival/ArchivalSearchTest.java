package dev.engram.memory.archival;

import static dev.engram.memory.MemoryApi.newAgent;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.contracts.Json;
import dev.engram.local.EngramInfraTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Archival search quality with the real all-MiniLM-L6-v2 model and the in-memory BM25 keyword index. */
@QuarkusTest
@QuarkusTestResource(value = EngramInfraTestResource.class,
    initArgs = @ResourceArg(name = "database", value = "memory"))
class ArchivalSearchTest {
  static final List<String> CORPUS = List.of(
      "Maria's daughter Sofia was born on the third of March 2019.",
      "The user is allergic to peanuts and always carries an EpiPen.",
      "Last quarter the team moved the production database from MySQL to PostgreSQL.",
      "The user's favourite long-distance walk is the Kungsleden trail in northern Sweden.",
      "The apartment lease ends on 31 August and the rent is 1450 euros per month.",
      "The user plays jazz piano every Sunday evening.",
      "Miso the cat needs thyroid medication twice a day.",
      "Flight LH 2231 to Lisbon departs from Munich at 07:15.",
      "The user is learning Japanese and practises kanji with flashcards.",
      "Dr. Patel recommended physiotherapy for the injured knee.",
      "The user takes oat milk in coffee and never dairy.",
      "The tomatoes in the garden were hit by blight in July.",
      "The user's brother Tom lives in Melbourne and works as a nurse.",
      "Backups of the photo library run every night to an external SSD.",
      "The user finished the Berlin marathon in 3 hours 41 minutes.",
      "The supplier delayed the standing desk, reference ORD-77812.",
      "Order #77821 with two office chairs shipped to the warehouse.",
      "Order #71782 for a monitor arm was delivered to the front desk.",
      "Order #77128 for a desk lamp is waiting at the parcel locker.",
      "The quarterly board meeting moved to Thursday at 3 pm.");

  @Inject
  ArchivalIndex index;

  private String agent;

  @BeforeEach
  void corpus() {
    agent = newAgent();
    for (int i = 0; i < CORPUS.size(); i++) {
      List<String> tags = new ArrayList<>();
      tags.add(i % 2 == 0 ? "even" : "odd");
      if (i < 5) {
        tags.add("first-five");
      }
      insert(agent, Map.of("text", CORPUS.get(i), "tags", tags,
          "created_at", String.format("2026-01-%02dT12:00:00Z", i + 1)));
    }
  }

  @Test
  void paraphrasedQueriesFindTheirPassageFirst() {
    Map<String, String> queries = Map.of(
        "does the user have a nut allergy", CORPUS.get(1),
        "what database engine runs in prod now", CORPUS.get(2),
        "musical hobby on weekends", CORPUS.get(5),
        "medicine schedule for my pet", CORPUS.get(6),
        "when does my plane to Portugal leave", CORPUS.get(7),
        "which language am I studying", CORPUS.get(8),
        "treatment advice for my hurt leg", CORPUS.get(9),
        "sibling's job in Australia", CORPUS.get(12),
        "how fast did I run my race", CORPUS.get(14),
        "monthly housing cost", CORPUS.get(4));
    SoftAssertions soft = new SoftAssertions();
    queries.forEach((query, expected) -> soft.assertThat(search(agent, query, Map.of()).get(0))
        .as(query).isEqualTo(expected));
    soft.assertAll();
  }

  @Test
  void tagsFilterWithAnyOrAllAndTimeRangesApply() {
    List<String> odd = search(agent, "database", Map.of("tags", "odd", "top_k", 20));
    assertThat(odd).hasSize(10).allSatisfy(t -> assertThat(CORPUS.indexOf(t) % 2).isEqualTo(1));
    List<String> any = search(agent, "database", Map.of("tags", List.of("odd", "first-five"), "top_k", 20));
    assertThat(any).hasSize(13);
    List<String> all = search(agent, "database", Map.of("tags", List.of("even", "first-five"),
        "tag_match_mode", "all", "top_k", 20));
    assertThat(all).containsExactlyInAnyOrder(CORPUS.get(0), CORPUS.get(2), CORPUS.get(4));
    List<String> window = search(agent, "anything", Map.of("start_datetime", "2026-01-03T00:00:00Z",
        "end_datetime", "2026-01-05", "top_k", 20));
    assertThat(window).containsExactlyInAnyOrder(CORPUS.get(2), CORPUS.get(3), CORPUS.get(4));
    given().queryParam("query", "x").queryParam("tag_match_mode", "some")
        .get("/v1/agents/{agent}/archival-memory/search", agent).then().statusCode(422);
    given().queryParam("query", "x").queryParam("start_datetime", "yesterday")
        .get("/v1/agents/{agent}/archival-memory/search", agent).then().statusCode(422);
  }

  @Test
  void hybridSearchFindsAnExactOrderNumberThatTheVectorRankingMisses() {
    String archive = defaultArchive(agent);
    String expected = CORPUS.get(15);
    String query = "Was my order ORD-77812 delivered?";
    List<String> vectorOnly = rawSearch(archive, query);
    assertThat(vectorOnly.get(0)).as("pure vector ranking").isNotEqualTo(expected);
    assertThat(search(agent, query, Map.of()).get(0)).isEqualTo(expected);
    JsonNode results = Json.read(given().contentType(ContentType.JSON)
        .body(Json.write(Map.of("query", query, "agent_id", agent, "limit", 3)))
        .post("/v1/passages/search").then().statusCode(200).extract().asString(), JsonNode.class);
    assertThat(results.get(0).path("passage").path("text").asText()).isEqualTo(expected);
    assertThat(results.get(0).path("metadata").path("exact_rank").asInt()).isEqualTo(1);
    assertThat(results.get(0).path("score").asDouble()).isGreaterThan(results.get(1).path("score").asDouble());
  }

  @Test
  void aReloadFromPostgresSearchesTheSameAndDeletesNeverComeBack() {
    String query = "when does my plane to Portugal leave";
    List<String> before = search(agent, query, Map.of("top_k", 5));
    String flight = passageId(agent, CORPUS.get(7));
    given().delete("/v1/agents/{agent}/archival-memory/{id}", agent, flight).then().statusCode(200)
        .body("message", org.hamcrest.Matchers.equalTo("Memory id=" + flight + " successfully deleted"));
    List<String> afterDelete = search(agent, query, Map.of("top_k", 20));
    assertThat(afterDelete).doesNotContain(CORPUS.get(7)).hasSize(19);

    index.forgetAll();
    List<String> afterReload = search(agent, query, Map.of("top_k", 20));
    assertThat(afterReload).isEqualTo(afterDelete);
    assertThat(before.subList(1, 5)).isEqualTo(afterReload.subList(0, 4));
    given().delete("/v1/agents/{agent}/archival-memory/{id}", agent, flight).then().statusCode(404);
  }

  @Test
  void searchResultsServedFromMemoryEqualTheStoredRows() {
    String archive = defaultArchive(agent);
    String id = Json.read(given().contentType(ContentType.JSON)
        .body(Json.write(Map.of("text", "The user's locker code is 4471 at the climbing gym.",
            "metadata", Map.of("source", "chat", "n", 3), "tags", List.of("gym"))))
        .post("/v1/archives/{id}/passages", archive).then().statusCode(200).extract().asString(), JsonNode.class)
        .path("id").asText();
    JsonNode stored = null;
    for (JsonNode p : Json.read(given().queryParam("limit", 100).get("/v1/agents/{agent}/archival-memory", agent)
        .then().statusCode(200).extract().asString(), JsonNode.class)) {
      if (p.path("id").asText().equals(id)) {
        stored = p;
      }
    }
    assertThat(stored).isNotNull();
    for (int round = 0; round < 2; round++) {
      JsonNode hit = Json.read(given().contentType(ContentType.JSON)
          .body(Json.write(Map.of("query", "locker code climbing gym", "archive_id", archive, "limit", 1)))
          .post("/v1/passages/search").then().statusCode(200).extract().asString(), JsonNode.class)
          .get(0).path("passage");
      assertThat(hit).as("round " + round).isEqualTo(stored);
      // The second round reads the copy a reload from PostgreSQL keeps.
      index.forgetAll();
    }
  }

  static void insert(String agent, Map<String, Object> body) {
    given().contentType(ContentType.JSON).body(Json.write(body))
        .post("/v1/agents/{agent}/archival-memory", agent).then().statusCode(200);
  }

  static List<String> search(String agent, String query, Map<String, Object> params) {
    var request = given().queryParam("query", query);
    params.forEach((k, v) -> {
      if (v instanceof List<?> list) {
        request.queryParam(k, list.toArray());
      } else {
        request.queryParam(k, v);
      }
    });
    JsonNode body = Json.read(request.get("/v1/agents/{agent}/archival-memory/search", agent).then().statusCode(200)
        .extract().asString(), JsonNode.class);
    List<String> texts = new ArrayList<>();
    body.path("results").forEach(r -> texts.add(r.path("content").asText()));
    assertThat(body.path("count").asInt()).isEqualTo(texts.size());
    return texts;
  }

  static String defaultArchive(String agent) {
    return given().queryParam("agent_id", agent).get("/v1/archives").then().statusCode(200).extract()
        .path("[0].id");
  }

  static String passageId(String agent, String text) {
    JsonNode list = Json.read(given().queryParam("search", text).get("/v1/agents/{agent}/archival-memory", agent)
        .then().statusCode(200).extract().asString(), JsonNode.class);
    return list.get(0).path("id").asText();
  }

  private static List<String> rawSearch(String archive, String query) {
    JsonNode hits = Json.read(given().contentType(ContentType.JSON)
        .body(Json.write(Map.of("query", query, "top_k", 5)))
        .post("/internal/archival/archives/{id}/index/search", archive).then().statusCode(200).extract().asString(),
        JsonNode.class).path("hits");
    List<String> ids = new ArrayList<>();
    hits.forEach(h -> ids.add(h.path("id").asText()));
    JsonNode passages = Json.read(given().queryParam("limit", 100).queryParam("agent_id", "x")
        .get("/v1/agents/{agent}/archival-memory", agentOf(archive)).then().statusCode(200).extract().asString(),
        JsonNode.class);
    Map<String, String> textById = new java.util.HashMap<>();
    passages.forEach(p -> textById.put(p.path("id").asText(), p.path("text").asText()));
    return ids.stream().map(textById::get).toList();
  }

  private static String agentOf(String archive) {
    return given().get("/v1/archives/{id}/agents", archive).then().statusCode(200).extract().path("[0].id");
  }
}
