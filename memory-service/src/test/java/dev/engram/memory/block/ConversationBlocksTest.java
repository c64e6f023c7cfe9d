package dev.engram.memory.block;

import static dev.engram.memory.MemoryApi.createBlocks;
import static dev.engram.memory.MemoryApi.execute;
import static dev.engram.memory.MemoryApi.executeIn;
import static dev.engram.memory.MemoryApi.newAgent;
import static dev.engram.memory.MemoryApi.value;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.engram.contracts.Json;
import dev.engram.contracts.Topics;
import dev.engram.contracts.events.BlockDeleted;
import dev.engram.contracts.events.BlockUpdated;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = EngramInfraTestResource.class,
    initArgs = @ResourceArg(name = "database", value = "memory"))
class ConversationBlocksTest {
  private static final String CONV = "conv-7d0c5c3e-2b7c-4b39-9a53-1f0e8c8b1a11";
  private static final String OTHER = "conv-0a8f6a57-9a0e-4a9e-8d0f-3c5b9d2e7f40";

  private String agent;

  @BeforeEach
  void agentWithBlocks() {
    agent = newAgent();
    createBlocks(agent, List.of(
        Map.of("label", "persona", "value", "I am Sam.", "read_only", true),
        Map.of("label", "human", "value", "Name: Bob", "limit", 80, "description", "the user",
            "metadata", Map.of("source", "test")),
        Map.of("label", "notes", "value", "shared notes")));
  }

  private static ValidatableResponse isolate(String agentId, String conversationId, Object body) {
    return given().contentType(ContentType.JSON).body(Json.write(body))
        .put("/internal/agents/{a}/conversations/{c}/isolated-blocks", agentId, conversationId).then();
  }

  private String copyOf(String label) {
    List<Map<String, String>> copies = isolate(agent, CONV, Map.of("labels", List.of(label))).statusCode(200)
        .extract().jsonPath().getList("$");
    return copies.stream().filter(c -> c.get("label").equals(label)).findFirst().orElseThrow().get("block_id");
  }

  private List<String> promptValues(String conversationId) {
    var request = given();
    if (conversationId != null) {
      request = request.queryParam("conversation_id", conversationId);
    }
    return request.get("/internal/agents/{a}/memory-metadata", agent).then().statusCode(200)
        .extract().jsonPath().getList("blocks.value");
  }

  @Test
  void aCopyHasTheBlocksFieldsUnderANewIdAttachedToNoAgent() {
    String original = given().get("/internal/agents/{a}/blocks/human", agent).then().extract().path("id");
    List<Map<String, String>> answer = isolate(agent, CONV, Map.of("labels", List.of("human"))).statusCode(200)
        .extract().jsonPath().getList("$");
    assertThat(answer).hasSize(1);
    assertThat(answer.getFirst()).containsOnlyKeys("label", "block_id").containsEntry("label", "human");
    String copy = answer.getFirst().get("block_id");
    assertThat(copy).startsWith("block-").isNotEqualTo(original);

    given().get("/v1/blocks/{id}", copy).then().statusCode(200)
        .body("label", equalTo("human"))
        .body("value", equalTo("Name: Bob"))
        .body("limit", equalTo(80))
        .body("description", equalTo("the user"))
        .body("read_only", equalTo(false))
        .body("metadata.source", equalTo("test"));
    List<String> agentBlocks = given().get("/internal/agents/{a}/blocks", agent).then().statusCode(200)
        .extract().jsonPath().getList("id");
    assertThat(agentBlocks).hasSize(3).doesNotContain(copy).contains(original);
    given().get("/internal/blocks/{id}/agents", copy).then().statusCode(200).body("size()", equalTo(0));
    // The owner is told, so step-runner drops the agent's cached memory.
    String record = KafkaTestSupport.awaitRecord(Topics.MEMORY, v -> v.contains(copy));
    BlockUpdated event = (BlockUpdated) EventTopics.parse(record, MemoryEvent.class);
    assertThat(event.agentIds()).containsExactly(agent);
  }

  @Test
  void aRepeatedPutKeepsTheCopiesAndANewLabelIsAdded() {
    String first = copyOf("human");
    isolate(agent, CONV, Map.of("labels", List.of("human"))).statusCode(200)
        .body("size()", equalTo(1)).body("[0].block_id", equalTo(first));
    isolate(agent, CONV, Map.of("labels", List.of("human", "persona", "human"))).statusCode(200)
        .body("size()", equalTo(2))
        .body("[0].label", equalTo("human")).body("[0].block_id", equalTo(first))
        .body("[1].label", equalTo("persona"));
    given().get("/internal/agents/{a}/conversations/{c}/isolated-blocks", agent, CONV).then().statusCode(200)
        .body("label", equalTo(List.of("human", "persona")))
        .body("[0].block_id", equalTo(first));
    // Another conversation gets copies of its own.
    String other = isolate(agent, OTHER, Map.of("labels", List.of("human"))).statusCode(200)
        .extract().path("[0].block_id");
    assertThat(other).isNotEqualTo(first);
  }

  @Test
  void badRequestsAreRefusedAndCopyNothing() {
    isolate(agent, CONV, Map.of("labels", List.of("human", "diary"))).statusCode(404)
        .body("detail", containsString("'diary'"))
        .body("detail", containsString("persona, human, notes"));
    given().get("/internal/agents/{a}/conversations/{c}/isolated-blocks", agent, CONV).then().statusCode(200)
        .body("size()", equalTo(0));
    isolate(agent, "default", Map.of("labels", List.of("human"))).statusCode(422)
        .body("detail", containsString("default conversation"));
    isolate(agent, CONV, Map.of()).statusCode(422).body("detail", equalTo("labels: Field required"));
    isolate(agent, CONV, Map.of("labels", List.of(" "))).statusCode(422)
        .body("detail", containsString("labels[0]"));
    given().contentType(ContentType.JSON)
        .put("/internal/agents/{a}/conversations/{c}/isolated-blocks", agent, CONV).then().statusCode(422);
  }

  @Test
  void memoryMetadataOfAConversationShowsItsCopiesInTheAgentsOrder() {
    copyOf("human");
    executeIn(agent, CONV, "memory_rethink", Map.of("label", "human", "new_memory", "Name: Private"))
        .statusCode(200).body("status", equalTo("success"));
    assertThat(promptValues(CONV)).containsExactly("I am Sam.", "Name: Private", "shared notes");
    assertThat(promptValues(null)).containsExactly("I am Sam.", "Name: Bob", "shared notes");
    assertThat(promptValues("default")).containsExactly("I am Sam.", "Name: Bob", "shared notes");
    assertThat(promptValues(OTHER)).containsExactly("I am Sam.", "Name: Bob", "shared notes");
  }

  @Test
  void memoryToolsOfAConversationEditItsCopyAndTheSharedBlocksOtherwise() {
    String copy = copyOf("human");
    executeIn(agent, CONV, "memory_insert", Map.of("label", "human", "new_string", "Likes: tea"))
        .statusCode(200).body("status", equalTo("success"));
    executeIn(agent, CONV, "memory_replace", Map.of("label", "notes", "old_string", "shared", "new_string", "common"))
        .statusCode(200).body("status", equalTo("success"));
    execute(agent, "core_memory_append", Map.of("label", "human", "content", "Age: 40"))
        .statusCode(200).body("status", equalTo("success"));

    assertThat(given().get("/v1/blocks/{id}", copy).then().extract().<String>path("value"))
        .isEqualTo("Name: Bob\nLikes: tea");
    assertThat(value(agent, "human")).isEqualTo("Name: Bob\nAge: 40");
    assertThat(value(agent, "notes")).isEqualTo("common notes");
    assertThat(promptValues(CONV)).containsExactly("I am Sam.", "Name: Bob\nLikes: tea", "common notes");

    // The copy's edit is announced to its owner.
    String record = KafkaTestSupport.awaitRecord(Topics.MEMORY,
        v -> v.contains(copy) && v.contains("agent:" + agent));
    assertThat(((BlockUpdated) EventTopics.parse(record, MemoryEvent.class)).agentIds()).containsExactly(agent);

    // A copy stands in for its label: it can be edited, not deleted or renamed from the conversation.
    executeIn(agent, CONV, "memory", Map.of("command", "delete", "path", "/memories/human"))
        .statusCode(200).body("status", equalTo("error"))
        .body("tool_return", containsString("private to this conversation"));
    executeIn(agent, CONV, "memory", Map.of("command", "rename", "old_path", "/memories/human",
        "new_path", "/memories/user")).statusCode(200).body("status", equalTo("error"))
        .body("tool_return", containsString("private to this conversation"));
    assertThat(promptValues(CONV)).hasSize(3);
    given().get("/internal/agents/{a}/blocks", agent).then().body("label", equalTo(List.of("persona", "human",
        "notes")));
  }

  @Test
  void deletingTheConversationsCopiesLeavesTheAgentsBlocks() {
    String copy = copyOf("human");
    given().delete("/internal/agents/{a}/conversations/{c}/isolated-blocks", agent, CONV).then().statusCode(204);
    given().get("/v1/blocks/{id}", copy).then().statusCode(404);
    given().get("/internal/agents/{a}/conversations/{c}/isolated-blocks", agent, CONV).then().statusCode(200)
        .body("size()", equalTo(0));
    assertThat(promptValues(CONV)).containsExactly("I am Sam.", "Name: Bob", "shared notes");
    String record = KafkaTestSupport.awaitRecord(Topics.MEMORY, v -> v.contains(copy) && v.contains("BlockDeleted"));
    assertThat(((BlockDeleted) EventTopics.parse(record, MemoryEvent.class)).agentIds()).containsExactly(agent);
  }

  @Test
  void deletingTheAgentDeletesTheCopiesOfAllItsConversations() {
    String copy = copyOf("human");
    String other = isolate(agent, OTHER, Map.of("labels", List.of("notes"))).statusCode(200)
        .extract().path("[0].block_id");
    String shared = given().get("/internal/agents/{a}/blocks/human", agent).then().extract().path("id");
    given().delete("/internal/agents/{a}", agent).then().statusCode(204);
    given().get("/v1/blocks/{id}", copy).then().statusCode(404);
    given().get("/v1/blocks/{id}", other).then().statusCode(404);
    // The agent's own blocks stay (detached), as before.
    given().get("/v1/blocks/{id}", shared).then().statusCode(200);
    given().get("/internal/agents/{a}/conversations/{c}/isolated-blocks", agent, OTHER).then().statusCode(200)
        .body("size()", equalTo(0));
  }
}
