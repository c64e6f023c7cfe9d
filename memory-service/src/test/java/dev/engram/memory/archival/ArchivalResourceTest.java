package dev.engram.memory.archival;

import static dev.engram.memory.MemoryApi.execute;
import static dev.engram.memory.MemoryApi.newAgent;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.contracts.Ids;
import dev.engram.contracts.Json;
import dev.engram.local.EngramInfraTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Letta's archive and passage endpoints, their shapes, and the archival tools. */
@QuarkusTest
@QuarkusTestResource(value = EngramInfraTestResource.class,
    initArgs = @ResourceArg(name = "database", value = "memory"))
class ArchivalResourceTest {

  @Test
  void archivesAndPassagesHaveLettasShapes() {
    String name = "notes-" + UUID.randomUUID();
    JsonNode archive = json(post("/v1/archives/", Map.of("name", name, "description", "Team notes")).statusCode(200));
    assertThat(LettaSchemas.violations("Archive", archive)).isEmpty();
    String id = archive.path("id").asText();
    assertThat(Ids.isValid(Ids.ARCHIVE, id)).isTrue();
    assertThat(archive.path("vector_db_provider").asText()).isEqualTo("native");
    assertThat(archive.path("embedding_config").path("embedding_dim").asInt()).isEqualTo(384);
    assertThat(LettaSchemas.violations("EmbeddingConfig", archive.path("embedding_config"))).isEmpty();

    JsonNode passage = json(post("/v1/archives/" + id + "/passages",
        Map.of("text", "The wifi password is on the fridge", "tags", List.of("home"), "metadata", Map.of("k", 1)))
        .statusCode(200));
    assertThat(LettaSchemas.violations("Passage", passage)).isEmpty();
    assertThat(Ids.isValid(Ids.PASSAGE, passage.path("id").asText())).isTrue();
    assertThat(passage.path("embedding")).hasSize(384);
    assertThat(passage.path("archive_id").asText()).isEqualTo(id);
    assertThat(passage.path("metadata").path("k").asInt()).isEqualTo(1);

    JsonNode batch = json(post("/v1/archives/" + id + "/passages/batch", Map.of("passages", List.of(
        Map.of("text", "First batch passage"), Map.of("text", "Second batch passage", "created_at",
            "2025-05-05T10:00:00Z")))).statusCode(200));
    assertThat(batch).hasSize(2);
    assertThat(batch.get(1).path("created_at").asText()).startsWith("2025-05-05T10:00");

    JsonNode fetched = json(given().get("/v1/archives/{id}", id).then().statusCode(200));
    assertThat(fetched.path("name").asText()).isEqualTo(name);
    JsonNode renamed = json(given().contentType(ContentType.JSON).body("{\"description\":\"Renamed\"}")
        .patch("/v1/archives/{id}", id).then().statusCode(200));
    assertThat(renamed.path("description").asText()).isEqualTo("Renamed");
    assertThat(renamed.path("name").asText()).isEqualTo(name);
    assertThat(json(given().queryParam("name", name).get("/v1/archives/").then().statusCode(200))).hasSize(1);

    JsonNode results = json(post("/v1/passages/search", Map.of("query", "fridge password", "archive_id", id))
        .statusCode(200));
    assertThat(LettaSchemas.violations("PassageSearchResult", results.get(0))).isEmpty();
    assertThat(LettaSchemas.violations("Passage", results.get(0).path("passage"))).isEmpty();
    assertThat(results.get(0).path("passage").path("embedding").isNull()).isTrue();

    given().delete("/v1/archives/{id}/passages/{p}", id, passage.path("id").asText()).then().statusCode(204);
    given().delete("/v1/archives/{id}/passages/{p}", id, passage.path("id").asText()).then().statusCode(404);
    given().delete("/v1/archives/{id}", id).then().statusCode(204);
    given().get("/v1/archives/{id}", id).then().statusCode(404)
        .body("detail", equalTo("Archive with id '" + id + "' not found"));
    given().get("/v1/archives/{id}", "archive-123").then().statusCode(422);
  }

  @Test
  void agentArchivalMemoryCreatesTheDefaultArchiveAndListsPagesAndDeletes() {
    String agent = newAgent();
    JsonNode created = json(post("/v1/agents/" + agent + "/archival-memory",
        Map.of("text", "Alpha fact", "tags", List.of("a"))).statusCode(200));
    assertThat(created).hasSize(1);
    assertThat(LettaSchemas.violations("Passage", created.get(0))).isEmpty();
    post("/v1/agents/" + agent + "/archival-memory/", Map.of("text", "Beta fact")).statusCode(200);
    post("/v1/agents/" + agent + "/archival-memory", Map.of("text", "Gamma fact")).statusCode(200);
    JsonNode archives = json(given().queryParam("agent_id", agent).get("/v1/archives").then().statusCode(200));
    assertThat(archives).hasSize(1);

    List<String> all = texts(json(given().get("/v1/agents/{a}/archival-memory", agent).then().statusCode(200)));
    assertThat(all).containsExactly("Alpha fact", "Beta fact", "Gamma fact");
    JsonNode newestFirst = json(given().queryParam("ascending", false).queryParam("limit", 2)
        .get("/v1/agents/{a}/archival-memory", agent).then().statusCode(200));
    assertThat(texts(newestFirst)).containsExactly("Gamma fact", "Beta fact");
    String beta = newestFirst.get(1).path("id").asText();
    assertThat(texts(json(given().queryParam("after", beta).get("/v1/agents/{a}/archival-memory", agent).then()
        .statusCode(200)))).containsExactly("Gamma fact");
    assertThat(texts(json(given().queryParam("search", "alp").get("/v1/agents/{a}/archival-memory", agent).then()
        .statusCode(200)))).containsExactly("Alpha fact");

    JsonNode search = json(given().queryParam("query", "alpha").get("/v1/agents/{a}/archival-memory/search", agent)
        .then().statusCode(200));
    assertThat(LettaSchemas.violations("ArchivalMemorySearchResponse", search)).isEmpty();
    assertThat(LettaSchemas.violations("ArchivalMemorySearchResult", search.path("results").get(0))).isEmpty();
    given().get("/v1/agents/{a}/archival-memory/search", agent).then().statusCode(422);

    given().delete("/v1/agents/{a}/archival-memory/{id}", agent, beta).then().statusCode(200)
        .body("message", equalTo("Memory id=" + beta + " successfully deleted"));
    assertThat(texts(json(given().get("/v1/agents/{a}/archival-memory", agent).then().statusCode(200))))
        .containsExactly("Alpha fact", "Gamma fact");
    given().delete("/v1/agents/{a}/archival-memory/{id}", newAgent(), created.get(0).path("id").asText()).then()
        .statusCode(404);
  }

  @Test
  void oneArchiveIsSharedByAttachedAgents() {
    String first = newAgent();
    String second = newAgent();
    String archive = json(post("/v1/archives", Map.of("name", "shared-" + UUID.randomUUID())).statusCode(200))
        .path("id").asText();
    given().patch("/v1/agents/{a}/archives/attach/{id}", first, archive).then().statusCode(200)
        .body("archive_ids", equalTo(List.of(archive)));
    given().patch("/v1/agents/{a}/archives/attach/{id}", second, archive).then().statusCode(200);
    given().patch("/v1/agents/{a}/archives/attach/{id}", second, archive).then().statusCode(200)
        .body("archive_ids", equalTo(List.of(archive)));
    List<String> agents = new ArrayList<>();
    json(given().queryParam("order", "asc").get("/v1/archives/{id}/agents", archive).then().statusCode(200))
        .forEach(a -> agents.add(a.path("id").asText()));
    assertThat(agents).containsExactly(first, second);
    // Unpaged for agent-api, which builds and pages the agent states itself.
    given().get("/internal/archival/archives/{id}/agents", archive).then().statusCode(200)
        .body("$", equalTo(List.of(first, second)));

    // The first agent's insert goes to the shared archive (its default); the second agent finds it.
    execute(first, "archival_memory_insert", Map.of("content", "The launch code word is heliotrope",
        "tags", List.of("secret"))).statusCode(200).body("status", equalTo("success"))
        .body("tool_return", equalTo("None"));
    String found = execute(second, "archival_memory_search", Map.of("query", "launch code word"))
        .statusCode(200).body("status", equalTo("success")).extract().path("tool_return");
    JsonNode hits = Json.read(found, JsonNode.class);
    assertThat(hits.get(0).path("content").asText()).isEqualTo("The launch code word is heliotrope");
    assertThat(hits.get(0).path("tags").get(0).asText()).isEqualTo("secret");
    assertThat(hits.get(0).path("relevance").path("vector_rank").asInt()).isEqualTo(1);
    assertThat(hits.get(0).has("timestamp")).isTrue();

    given().patch("/v1/agents/{a}/archives/detach/{id}", second, archive).then().statusCode(200)
        .body("archive_ids", equalTo(List.of()));
    assertThat(Json.read(execute(second, "archival_memory_search", Map.of("query", "launch code word"))
        .extract().<String>path("tool_return"), JsonNode.class)).isEmpty();
    given().patch("/v1/agents/{a}/archives/attach/{id}", first, "archive-" + UUID.randomUUID()).then()
        .statusCode(404);
  }

  @Test
  void aMismatchedOrUnavailableEmbeddingModelIsA400() {
    post("/v1/archives", Map.of("name", "x", "embedding", "acme/embedder")).statusCode(400)
        .body("detail", containsString("Unknown embedding model 'acme/embedder'"));
    post("/v1/archives", Map.of("name", "x", "embedding", "scripted/hash-embedding-384")).statusCode(400)
        .body("detail", containsString("ENGRAM_SCRIPTED_MODEL_URL"));
    post("/v1/archives", Map.of("name", "x", "embedding_config", Map.of("embedding_endpoint_type", "openai",
        "embedding_model", "text-embedding-3-small", "embedding_dim", 1536))).statusCode(400)
        .body("detail", containsString("OPENAI_API_KEY"));
    String archive = json(post("/v1/archives", Map.of("name", "m-" + UUID.randomUUID())).statusCode(200))
        .path("id").asText();
    post("/internal/archival/archives/" + archive + "/vectors", Map.of("embedding_model", "text-embedding-3-small",
        "embedding_dim", 1536, "passages", List.of(Map.of("text", "t", "embedding", new float[1536]))))
        .statusCode(400).body("detail", containsString("Embedding model mismatch"));
    post("/internal/archival/archives/" + archive + "/index/search", Map.of("vector", new float[16])).statusCode(400)
        .body("detail", containsString("Embedding model mismatch"));
  }

  @Test
  void archivalToolsReportErrorsAndApplyAReplayOnce() {
    String agent = newAgent();
    execute(agent, "archival_memory_insert", Map.of()).statusCode(200).body("status", equalTo("error"))
        .body("tool_return", equalTo("archival_memory_insert() missing 1 required positional argument: 'content'"));
    execute(agent, "archival_memory_search", Map.of("query", "x", "tag_match_mode", "most")).statusCode(200)
        .body("status", equalTo("error")).body("tool_return", containsString("tag_match_mode"));
    execute(agent, "archival_memory_search", Map.of("query", "x", "start_datetime", "last week")).statusCode(200)
        .body("status", equalTo("error")).body("tool_return", containsString("Invalid start_datetime format"));
    execute(agent, "archival_memory_search", Map.of("query", "anything")).statusCode(200)
        .body("status", equalTo("success")).body("tool_return", equalTo("[]"));

    String key = "step-" + UUID.randomUUID() + ":call-1";
    Map<String, Object> args = Map.of("content", "Only once", "tags", List.of("t"));
    execute(agent, "archival_memory_insert", args, key).statusCode(200).body("tool_return", equalTo("None"));
    execute(agent, "archival_memory_insert", args, key).statusCode(200).body("tool_return", equalTo("None"));
    assertThat(texts(json(given().get("/v1/agents/{a}/archival-memory", agent).then().statusCode(200))))
        .containsExactly("Only once");
    given().get("/internal/archival/agents/{a}/stats", agent).then().statusCode(200).body("count", equalTo(1))
        .body("tags", equalTo(List.of("t")));

    String found = execute(agent, "archival_memory_search", Map.of("query", "once", "tags", "t",
        "tag_match_mode", "all", "top_k", "3", "start_datetime", "2020-01-01")).statusCode(200)
        .body("status", equalTo("success")).extract().path("tool_return");
    assertThat(Json.read(found, JsonNode.class)).hasSize(1);
  }

  private static ValidatableResponse post(String path, Object body) {
    return given().contentType(ContentType.JSON).body(Json.write(body)).post(path).then();
  }

  private static JsonNode json(ValidatableResponse response) {
    return Json.read(response.extract().asString(), JsonNode.class);
  }

  private static List<String> texts(JsonNode passages) {
    List<String> out = new ArrayList<>();
    passages.forEach(p -> out.add(p.path("text").asText()));
    return out;
  }
}
