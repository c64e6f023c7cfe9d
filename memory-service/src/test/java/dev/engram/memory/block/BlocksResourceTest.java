package dev.engram.memory.block;

import static dev.engram.memory.MemoryApi.createBlocks;
import static dev.engram.memory.MemoryApi.execute;
import static dev.engram.memory.MemoryApi.newAgent;
import static dev.engram.memory.MemoryApi.value;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import dev.engram.contracts.Json;
import dev.engram.contracts.Topics;
import dev.engram.contracts.events.BlockDeleted;
import dev.engram.contracts.events.EventTopics;
import dev.engram.contracts.events.MemoryEvent;
import dev.engram.local.EngramInfraTestResource;
import dev.engram.memory.KafkaTestSupport;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Letta's global block API and Engram's block history. */
@QuarkusTest
@QuarkusTestResource(value = EngramInfraTestResource.class,
    initArgs = @ResourceArg(name = "database", value = "memory"))
class BlocksResourceTest {

  private static ValidatableResponse post(String path, Object body) {
    return given().contentType(ContentType.JSON).body(Json.write(body)).post(path).then();
  }

  private static ValidatableResponse patch(String path, Object body) {
    return given().contentType(ContentType.JSON).body(Json.write(body)).patch(path).then();
  }

  private static String create(Map<String, Object> body) {
    return post("/v1/blocks/", body).statusCode(200).extract().path("id");
  }

  @Test
  void createGetUpdateDelete() {
    String id = create(Map.of("label", "team", "value", "Ann, Ben", "description", "Who is on the team",
        "tags", List.of("shared")));
    given().get("/v1/blocks/" + id).then().statusCode(200)
        .body("label", equalTo("team")).body("value", equalTo("Ann, Ben")).body("limit", equalTo(100000))
        .body("read_only", equalTo(false)).body("tags", equalTo(List.of("shared")));
    patch("/v1/blocks/" + id, Map.of("value", "Ann, Ben, Cy")).statusCode(200).body("value", equalTo("Ann, Ben, Cy"));
    given().delete("/v1/blocks/" + id).then().statusCode(200);
    given().get("/v1/blocks/" + id).then().statusCode(404)
        .body("detail", equalTo("Block with id '" + id + "' not found"));
  }

  @Test
  void badInputIsA4xxWithADetail() {
    post("/v1/blocks", Map.of("value", "no label")).statusCode(422);
    given().get("/v1/blocks/not-a-block").then().statusCode(422);
    given().get("/v1/blocks/block-" + UUID.randomUUID()).then().statusCode(404);
    given().get("/v1/blocks?order=sideways").then().statusCode(422);
    given().get("/v1/blocks?limit=0").then().statusCode(422);
    String id = create(Map.of("label", "x", "value", "y"));
    patch("/v1/blocks/" + id, Map.of("limit", 0)).statusCode(422);
  }

  @Test
  void listFiltersAndPages() {
    String tag = "t" + UUID.randomUUID();
    String a = create(Map.of("label", "alpha", "value", "the quick fox", "tags", List.of(tag, "red")));
    String b = create(Map.of("label", "beta", "value", "lazy dog", "tags", List.of(tag), "description", "Dogs"));
    String c = create(Map.of("label", "alpha", "value", "zebra", "tags", List.of(tag, "red"), "is_template", true,
        "template_name", "tmpl-" + tag));
    assertThat(ids("/v1/blocks?tags=" + tag)).containsExactly(a, b, c);
    assertThat(ids("/v1/blocks?tags=" + tag + "&order=desc")).containsExactly(c, b, a);
    assertThat(ids("/v1/blocks?tags=" + tag + "&tags=red&match_all_tags=true")).containsExactly(a, c);
    assertThat(ids("/v1/blocks?tags=" + tag + "&label=alpha")).containsExactly(a, c);
    assertThat(ids("/v1/blocks?tags=" + tag + "&templates_only=true")).containsExactly(c);
    assertThat(ids("/v1/blocks?name=tmpl-" + tag)).containsExactly(c);
    assertThat(ids("/v1/blocks?tags=" + tag + "&value_search=QUICK")).containsExactly(a);
    assertThat(ids("/v1/blocks?tags=" + tag + "&description_search=dog")).containsExactly(b);
    assertThat(ids("/v1/blocks?tags=" + tag + "&label_search=bet")).containsExactly(b);
    assertThat(ids("/v1/blocks?tags=" + tag + "&value_search=%25")).isEmpty();
    assertThat(ids("/v1/blocks?tags=" + tag + "&limit=2")).containsExactly(a, b);
    assertThat(ids("/v1/blocks?tags=" + tag + "&after=" + b)).containsExactly(c);
    assertThat(ids("/v1/blocks?tags=" + tag + "&before=" + c)).containsExactly(a, b);
    assertThat(ids("/v1/blocks?tags=" + tag + "&identity_id=identity-1")).isEmpty();
    given().get("/v1/blocks/count?tags=" + tag + "&label=alpha").then().statusCode(200).body(equalTo("2"));

    String agent = newAgent();
    given().patch("/internal/agents/{a}/blocks/attach/{b}", agent, a).then().statusCode(200);
    given().patch("/internal/agents/{a}/blocks/attach/{b}", newAgent(), a).then().statusCode(200);
    given().patch("/internal/agents/{a}/blocks/attach/{b}", agent, b).then().statusCode(200);
    assertThat(ids("/v1/blocks?tags=" + tag + "&connected_to_agents_count_gt=1")).containsExactly(a);
    assertThat(ids("/v1/blocks?tags=" + tag + "&connected_to_agents_count_eq=1&connected_to_agents_count_eq=0"))
        .containsExactly(b, c);
    assertThat(ids("/v1/blocks?tags=" + tag + "&connected_to_agents_count_lt=1")).containsExactly(c);
  }

  private static List<String> ids(String path) {
    return given().get(path).then().statusCode(200).extract().path("id");
  }

  @Test
  void aSharedBlockIsOneBlockForEveryAgent() {
    String shared = create(Map.of("label", "team", "value", "Ann"));
    String first = newAgent();
    String second = newAgent();
    given().patch("/internal/agents/{a}/blocks/attach/{b}", first, shared).then().statusCode(200);
    given().patch("/internal/agents/{a}/blocks/attach/{b}", second, shared).then().statusCode(200)
        .body("label", equalTo(List.of("team")));
    // Attaching again changes nothing.
    given().patch("/internal/agents/{a}/blocks/attach/{b}", second, shared).then().statusCode(200)
        .body("$", hasSize(1));
    execute(first, "memory_insert", Map.of("label", "team", "new_string", "Ben")).body("status", equalTo("success"));
    assertThat(value(second, "team")).isEqualTo("Ann\nBen");
    given().get("/internal/blocks/{b}/agents", shared).then().statusCode(200)
        .body("$", hasSize(2));

    given().patch("/internal/agents/{a}/blocks/detach/{b}", second, shared).then().statusCode(200)
        .body("$", hasSize(0));
    given().patch("/internal/agents/{a}/blocks/detach/{b}", second, shared).then().statusCode(404);
    assertThat(value(first, "team")).isEqualTo("Ann\nBen");
  }

  @Test
  void attachingABlockWhoseLabelTheAgentHasIsRefused() {
    String agent = newAgent();
    createBlocks(agent, List.of(Map.of("label", "human", "value", "Bob")));
    String other = create(Map.of("label", "human", "value", "Carol"));
    given().patch("/internal/agents/{a}/blocks/attach/{b}", agent, other).then().statusCode(400);
  }

  @Test
  void deletingABlockDetachesItEverywhereAndAnnouncesIt() {
    String id = create(Map.of("label", "scratch", "value", "tmp"));
    String agent = newAgent();
    given().patch("/internal/agents/{a}/blocks/attach/{b}", agent, id).then().statusCode(200);
    given().delete("/v1/blocks/" + id).then().statusCode(200);
    given().get("/internal/agents/{a}/blocks", agent).then().body("$", hasSize(0));
    String record = KafkaTestSupport.awaitRecord(Topics.MEMORY,
        v -> v.contains(id) && v.contains("BlockDeleted"));
    BlockDeleted event = (BlockDeleted) EventTopics.parse(record, MemoryEvent.class);
    assertThat(event.agentIds()).containsExactly(agent);
  }

  @Test
  void everyChangeIsAVersionWithItsEditor() {
    String agent = newAgent();
    createBlocks(agent, List.of(Map.of("label", "human", "value", "Name: Bob")));
    String id = given().get("/internal/agents/{a}/blocks/human", agent).then().extract().path("id");
    patch("/v1/blocks/" + id, Map.of("value", "Name: Bob\nCity: Oslo")).statusCode(200);
    execute(agent, "memory_replace", Map.of("label", "human", "old_string", "Oslo", "new_string", "Bergen"),
        "step-h:call-42").body("status", equalTo("success"));

    given().get("/v1/blocks/{id}/history", id).then().statusCode(200)
        .body("version", equalTo(List.of(3, 2, 1)))
        .body("operation", equalTo(List.of("update", "update", "create")))
        .body("[0].value", equalTo("Name: Bob\nCity: Bergen"))
        .body("[0].actor.type", equalTo("agent"))
        .body("[0].actor.agent_id", equalTo(agent))
        .body("[0].actor.run_id", equalTo("run-test"))
        .body("[0].actor.tool_call_id", equalTo("call-" + "step-h:call-42".hashCode()))
        .body("[0].actor.tool_name", equalTo("memory_replace"))
        .body("[1].actor.type", equalTo("api"));
    given().get("/v1/blocks/{id}/history?order=asc&limit=1&after=1", id).then()
        .body("version", equalTo(List.of(2)));
    given().get("/v1/blocks/{id}/history/1", id).then().statusCode(200).body("value", equalTo("Name: Bob"));
    given().get("/v1/blocks/{id}/history/9", id).then().statusCode(404);
  }

  @Test
  void restoringAVersionMakesItCurrentAsANewVersion() {
    String agent = newAgent();
    createBlocks(agent, List.of(Map.of("label", "human", "value", "v1")));
    String id = given().get("/internal/agents/{a}/blocks/human", agent).then().extract().path("id");
    patch("/v1/blocks/" + id, Map.of("value", "v2", "description", "changed")).statusCode(200);
    post("/v1/blocks/" + id + "/history/1/restore", Map.of()).statusCode(200).body("value", equalTo("v1"));
    assertThat(value(agent, "human")).isEqualTo("v1");
    given().get("/v1/blocks/{id}/history", id).then()
        .body("[0].version", equalTo(3)).body("[0].operation", equalTo("restore"))
        .body("[0].restored_from_version", equalTo(1));
    post("/v1/blocks/" + id + "/history/7/restore", Map.of()).statusCode(404);
  }

  @Test
  void theHistoryOfADeletedBlockStaysReadable() {
    String id = create(Map.of("label", "gone", "value", "bye"));
    given().delete("/v1/blocks/" + id).then().statusCode(200);
    given().get("/v1/blocks/{id}/history", id).then().statusCode(200)
        .body("operation", equalTo(List.of("delete", "create")));
    given().get("/v1/blocks/{id}/history", "block-" + UUID.randomUUID()).then().statusCode(404);
  }
}
