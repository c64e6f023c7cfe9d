package dev.engram.memory.block;

import static dev.engram.memory.MemoryApi.attach;
import static dev.engram.memory.MemoryApi.newAgent;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import dev.engram.contracts.Json;
import dev.engram.contracts.Topics;
import dev.engram.contracts.events.BlockUpdated;
import dev.engram.contracts.events.EventTopics;
import dev.engram.contracts.events.MemoryEvent;
import dev.engram.local.EngramInfraTestResource;
import dev.engram.memory.KafkaTestSupport;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = EngramInfraTestResource.class,
    initArgs = @ResourceArg(name = "database", value = "memory"))
class BlockResourceTest {

  private static final Map<String, Object> PERSONA = Map.of("label", "persona", "value", "I am Sam.");
  private static final Map<String, Object> HUMAN = Map.of("label", "human", "value", "Name: Bob", "limit", 500);

  @Test
  void createsBlocksWithLettaDefaultsAndListsThemInAttachOrder() {
    String agent = newAgent();
    attach(agent, Map.of("blocks", List.of(PERSONA, HUMAN, Map.of("label", "notes", "value", ""))))
        .statusCode(200)
        .body("label", contains("persona", "human", "notes"))
        .body("[0].id", containsString("block-"))
        .body("[0].limit", equalTo(100000))
        .body("[0].description", containsString("persona"))
        .body("[0].read_only", equalTo(false))
        .body("[1].limit", equalTo(500))
        .body("[1].description", containsString("person you are talking"))
        .body("[2].description", equalTo(null));

    given().get("/internal/agents/{a}/blocks", agent).then().statusCode(200)
        .body("label", contains("persona", "human", "notes"));
    given().get("/internal/agents/{a}/blocks/", agent).then().statusCode(200).body("$", hasSize(3));
    given().get("/internal/agents/{a}/blocks/human", agent).then().statusCode(200)
        .body("value", equalTo("Name: Bob"));
  }

  @Test
  void attachesExistingBlocksAfterTheAgentsOwn() {
    String owner = newAgent();
    String blockId = attach(owner, Map.of("blocks", List.of(Map.of("label", "shared", "value", "team facts"))))
        .statusCode(200).extract().path("[0].id");
    String other = newAgent();
    attach(other, Map.of("blocks", List.of(PERSONA), "block_ids", List.of(blockId)))
        .statusCode(200)
        .body("label", contains("persona", "shared"))
        .body("[1].id", equalTo(blockId));
  }

  @Test
  void unknownBlockIdsAre404() {
    attach(newAgent(), Map.of("block_ids", List.of("block-00000000-0000-4000-8000-000000000000")))
        .statusCode(404)
        .body("detail", equalTo("Block with id 'block-00000000-0000-4000-8000-000000000000' not found"));
  }

  @Test
  void labelAndValueAreRequired() {
    attach(newAgent(), Map.of("blocks", List.of(Map.of("label", "human"))))
        .statusCode(422).body("detail", containsString("blocks[0].value: Field required"));
    attach(newAgent(), Map.of("blocks", List.of(Map.of("value", "x"))))
        .statusCode(422).body("detail", containsString("blocks[0].label: Field required"));
  }

  @Test
  void duplicateLabelsAre400() {
    String agent = newAgent();
    attach(agent, Map.of("blocks", List.of(HUMAN, Map.of("label", "human", "value", "again"))))
        .statusCode(400).body("detail", containsString("Duplicate block label 'human'"));
    attach(agent, Map.of("blocks", List.of(HUMAN))).statusCode(200);
    attach(agent, Map.of("blocks", List.of(Map.of("label", "human", "value", "someone else"))))
        .statusCode(400).body("detail", containsString("already has a block with this label"));
  }

  @Test
  void aRetriedIdenticalCallReturnsTheExistingBlocks() {
    String agent = newAgent();
    Map<String, Object> body = Map.of("blocks", List.of(PERSONA, HUMAN));
    List<String> first = attach(agent, body).statusCode(200).extract().path("id");
    List<String> second = attach(agent, body).statusCode(200).extract().path("id");
    assertThat(second).isEqualTo(first).hasSize(2);
  }

  @Test
  void unknownLabelIs404AndUnknownAgentHasNoBlocks() {
    String agent = newAgent();
    given().get("/internal/agents/{a}/blocks", agent).then().statusCode(200).body("$", hasSize(0));
    given().get("/internal/agents/{a}/blocks/missing", agent).then().statusCode(404)
        .body("detail", equalTo("Block with label 'missing' not found for agent " + agent));
  }

  @Test
  void patchUpdatesFieldsAndAnnouncesTheChange() {
    String agent = newAgent();
    attach(agent, Map.of("blocks", List.of(PERSONA, HUMAN))).statusCode(200);
    String blockId = given().contentType(ContentType.JSON)
        .body(Json.write(Map.of("value", "Name: Alice", "limit", 800, "read_only", true,
            "metadata", Map.of("source", "test"), "tags", List.of("a", "b"), "description", "Who I talk to")))
        .patch("/internal/agents/{a}/blocks/human", agent)
        .then().statusCode(200)
        .body("value", equalTo("Name: Alice"))
        .body("limit", equalTo(800))
        .body("read_only", equalTo(true))
        .body("metadata.source", equalTo("test"))
        .body("tags", contains("a", "b"))
        .body("description", equalTo("Who I talk to"))
        .extract().path("id");
    given().get("/internal/agents/{a}/blocks/human", agent).then().body("value", equalTo("Name: Alice"));

    String record = KafkaTestSupport.awaitRecord(Topics.MEMORY, v -> v.contains(blockId));
    BlockUpdated event = (BlockUpdated) EventTopics.parse(record, MemoryEvent.class);
    assertThat(event.updatedBy()).isEqualTo("api");
    assertThat(event.label()).isEqualTo("human");
    assertThat(event.agentIds()).containsExactly(agent);
  }

  @Test
  void patchRenamesALabelButNotOntoAnotherBlocksLabel() {
    String agent = newAgent();
    attach(agent, Map.of("blocks", List.of(PERSONA, HUMAN))).statusCode(200);
    given().contentType(ContentType.JSON).body("{\"label\":\"persona\"}")
        .patch("/internal/agents/{a}/blocks/human", agent)
        .then().statusCode(400).body("detail", containsString("already has a block with that label"));
    given().contentType(ContentType.JSON).body("{\"label\":\"user\"}")
        .patch("/internal/agents/{a}/blocks/human", agent)
        .then().statusCode(200).body("label", equalTo("user"));
    given().get("/internal/agents/{a}/blocks", agent).then().body("label", contains("persona", "user"));
    given().contentType(ContentType.JSON).body("{\"value\":\"x\"}")
        .patch("/internal/agents/{a}/blocks/human", agent).then().statusCode(404);
  }

  @Test
  void deletingTheAgentDetachesButKeepsTheBlocks() {
    String agent = newAgent();
    String blockId = attach(agent, Map.of("blocks", List.of(HUMAN))).statusCode(200).extract().path("[0].id");
    given().delete("/internal/agents/{a}", agent).then().statusCode(204);
    given().get("/internal/agents/{a}/blocks", agent).then().statusCode(200).body("$", hasSize(0));
    attach(newAgent(), Map.of("block_ids", List.of(blockId))).statusCode(200)
        .body("[0].id", equalTo(blockId)).body("[0].value", equalTo("Name: Bob"));
  }

  @Test
  void malformedJsonIs422() {
    given().contentType(ContentType.JSON).body("{\"blocks\": [")
        .post("/internal/agents/{a}/blocks", newAgent())
        .then().statusCode(422).body("detail", notNullValue()).body("detail", not(containsString("Exception")));
  }
}
