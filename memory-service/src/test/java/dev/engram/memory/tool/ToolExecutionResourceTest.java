package dev.engram.memory.tool;

import static dev.engram.memory.MemoryApi.createBlocks;
import static dev.engram.memory.MemoryApi.execute;
import static dev.engram.memory.MemoryApi.newAgent;
import static dev.engram.memory.MemoryApi.value;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import dev.engram.contracts.Json;
import dev.engram.contracts.Topics;
import dev.engram.contracts.api.ToolExecutionResult;
import dev.engram.contracts.events.BlockUpdated;
import dev.engram.contracts.events.EventTopics;
import dev.engram.contracts.events.MemoryEvent;
import dev.engram.local.EngramInfraTestResource;
import dev.engram.memory.KafkaTestSupport;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = EngramInfraTestResource.class,
    initArgs = @ResourceArg(name = "database", value = "memory"))
class ToolExecutionResourceTest {
  private static final String EDITED = "The core memory block with label `human` has been successfully edited. Your "
      + "system prompt has been recompiled with the updated memory contents and is now active in your context. Review "
      + "the changes and make sure they are as expected (correct indentation, no duplicate lines, etc). Edit the "
      + "memory block again if necessary.";

  private String agent;

  @BeforeEach
  void agentWithBlocks() {
    agent = newAgent();
    createBlocks(agent, List.of(
        Map.of("label", "persona", "value", "I am Sam.", "read_only", true),
        Map.of("label", "human", "value", "Name: Bob\nLikes: tea", "limit", 60)));
  }

  @Test
  void memoryReplaceEditsTheBlockWithLettasAnswer() {
    execute(agent, "memory_replace", Map.of("label", "human", "old_string", "Bob", "new_string", "Alice"))
        .statusCode(200)
        .body("status", equalTo("success"))
        .body("tool_return", equalTo(EDITED));
    assertThat(value(agent, "human")).isEqualTo("Name: Alice\nLikes: tea");
  }

  @Test
  void memoryReplaceNeedsExactlyOneOccurrence() {
    execute(agent, "memory_replace", Map.of("label", "human", "old_string", "Carol", "new_string", "x"))
        .statusCode(200)
        .body("status", equalTo("error"))
        .body("tool_return", equalTo("No replacement was performed, old_string `Carol` did not appear verbatim in "
            + "memory block with label `human`."));
    execute(agent, "memory_replace", Map.of("label", "human", "old_string", "e", "new_string", "x"))
        .statusCode(200)
        .body("status", equalTo("error"))
        .body("tool_return", containsString("Multiple occurrences of old_string `e` in lines [1, 2]"));
    assertThat(value(agent, "human")).isEqualTo("Name: Bob\nLikes: tea");
  }

  @Test
  void memoryInsertAddsLinesAndChecksTheRange() {
    execute(agent, "memory_insert", Map.of("label", "human", "new_string", "Age: 30", "insert_line", 1))
        .statusCode(200).body("status", equalTo("success"));
    execute(agent, "memory_insert", Map.of("label", "human", "new_string", "City: Oslo"))
        .statusCode(200).body("status", equalTo("success"));
    assertThat(value(agent, "human")).isEqualTo("Name: Bob\nAge: 30\nLikes: tea\nCity: Oslo");
    execute(agent, "memory_insert", Map.of("label", "human", "new_string", "x", "insert_line", 9))
        .statusCode(200)
        .body("status", equalTo("error"))
        .body("tool_return", startsWith("Invalid `insert_line` parameter: 9."));
  }

  @Test
  void memoryRethinkReplacesTheWholeValue() {
    execute(agent, "memory_rethink", Map.of("label", "human", "new_memory", "Name: Dana"))
        .statusCode(200).body("status", equalTo("success")).body("tool_return", equalTo(EDITED));
    assertThat(value(agent, "human")).isEqualTo("Name: Dana");
  }

  @Test
  void coreMemoryAppendAndReplace() {
    execute(agent, "core_memory_append", Map.of("label", "human", "content", "Pet: cat"))
        .statusCode(200).body("status", equalTo("success")).body("tool_return", equalTo("None"));
    execute(agent, "core_memory_replace", Map.of("label", "human", "old_content", "cat", "new_content", "dog"))
        .statusCode(200).body("status", equalTo("success")).body("tool_return", equalTo("None"));
    assertThat(value(agent, "human")).isEqualTo("Name: Bob\nLikes: tea\nPet: dog");
    execute(agent, "core_memory_replace", Map.of("label", "human", "old_content", "owl", "new_content", "x"))
        .statusCode(200)
        .body("status", equalTo("error"))
        .body("tool_return", equalTo("Old content 'owl' not found in memory block 'human'"));
  }

  @Test
  void memoryFinishEditsIsANoOp() {
    execute(agent, "memory_finish_edits", Map.of()).statusCode(200)
        .body("status", equalTo("success")).body("tool_return", equalTo("None"));
  }

  @Test
  void unknownLabelsListTheAvailableBlocks() {
    for (String tool : List.of("memory_replace", "memory_insert", "memory_rethink", "core_memory_append")) {
      execute(agent, tool, Map.of("label", "notes", "old_string", "a", "new_string", "b", "new_memory", "b",
          "content", "b"))
          .statusCode(200)
          .body("status", equalTo("error"))
          .body("tool_return", equalTo("Block field notes does not exist (available sections = persona, human)"));
    }
  }

  @Test
  void readOnlyBlocksCannotBeEditedByTheAgent() {
    execute(agent, "memory_rethink", Map.of("label", "persona", "new_memory", "I am Eve."))
        .statusCode(200)
        .body("status", equalTo("error"))
        .body("tool_return", equalTo("Error This block is read-only and cannot be edited."));
    execute(agent, "core_memory_append", Map.of("label", "persona", "content", "x"))
        .statusCode(200).body("tool_return", equalTo("Error This block is read-only and cannot be edited."));
    assertThat(value(agent, "persona")).isEqualTo("I am Sam.");
  }

  @Test
  void anEditBeyondTheLimitIsRefusedWithTheSizes() {
    String longText = "x".repeat(50);
    execute(agent, "core_memory_append", Map.of("label", "human", "content", longText))
        .statusCode(200)
        .body("status", equalTo("error"))
        .body("tool_return", startsWith("Edit failed: Exceeds 60 character limit (requested 71)."));
    assertThat(value(agent, "human")).isEqualTo("Name: Bob\nLikes: tea");
  }

  @Test
  void lineNumberPrefixesAreRejected() {
    execute(agent, "memory_replace", Map.of("label", "human", "old_string", "1→ Name: Bob", "new_string", "x"))
        .statusCode(200)
        .body("status", equalTo("error"))
        .body("tool_return", startsWith("old_string contains a line number prefix"));
  }

  @Test
  void missingArgumentsAreToolErrors() {
    execute(agent, "memory_replace", Map.of("label", "human", "old_string", "Bob"))
        .statusCode(200)
        .body("status", equalTo("error"))
        .body("tool_return", equalTo("memory_replace() missing 1 required positional argument: 'new_string'"));
  }

  @Test
  void aReplayAppliesOnceAndReturnsTheRecordedResult() {
    String key = "step-replay:call-1";
    Map<String, Object> args = Map.of("label", "human", "content", "Pet: cat");
    ToolExecutionResult first = Json.read(execute(agent, "core_memory_append", args, key).statusCode(200)
        .extract().asString(), ToolExecutionResult.class);
    ToolExecutionResult second = Json.read(execute(agent, "core_memory_append", args, key).statusCode(200)
        .extract().asString(), ToolExecutionResult.class);
    assertThat(first.ok()).isTrue();
    assertThat(second).isEqualTo(first);
    assertThat(value(agent, "human")).isEqualTo("Name: Bob\nLikes: tea\nPet: cat");
  }

  @Test
  void concurrentDuplicatesApplyOnce() throws Exception {
    String key = "step-parallel:call-1";
    Map<String, Object> args = Map.of("label", "human", "content", "Pet: owl");
    List<Callable<String>> calls = Collections.nCopies(6,
        () -> execute(agent, "core_memory_append", args, key).statusCode(200).extract().asString());
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<String> bodies = new ArrayList<>();
      for (Future<String> f : pool.invokeAll(calls)) {
        bodies.add(f.get());
      }
      assertThat(bodies).allSatisfy(b -> assertThat(b).isEqualTo(bodies.get(0)));
    }
    assertThat(value(agent, "human")).isEqualTo("Name: Bob\nLikes: tea\nPet: owl");
  }

  @Test
  void aKeyReusedForAnotherToolIsAConflict() {
    String key = "step-conflict:call-1";
    execute(agent, "memory_finish_edits", Map.of(), key).statusCode(200);
    execute(agent, "memory_rethink", Map.of("label", "human", "new_memory", "x"), key).statusCode(409);
  }

  @Test
  void unknownToolsAndIncompleteRequestsAreRejected() {
    execute(agent, "web_search", Map.of("query", "x"))
        .statusCode(400).body("detail", startsWith("Unknown tool 'web_search'"));
    given().contentType(ContentType.JSON).body("{\"tool_name\":\"memory_insert\"}")
        .post("/internal/tools/execute")
        .then().statusCode(422).body("detail", equalTo("Field required: agent_id, idempotency_key"));
  }

  @Test
  void toolEditsAnnounceBlockUpdatedWithTheEditor() {
    String key = "step-event:call-7";
    execute(agent, "memory_rethink", Map.of("label", "human", "new_memory", "Name: Erin"), key)
        .statusCode(200).body("status", equalTo("success"));
    String record = KafkaTestSupport.awaitRecord(Topics.MEMORY, v -> v.contains(agent) && v.contains("agent:"));
    BlockUpdated event = (BlockUpdated) EventTopics.parse(record, MemoryEvent.class);
    assertThat(event.updatedBy()).isEqualTo("agent:" + agent + ":run-test:call-" + key.hashCode());
    assertThat(event.label()).isEqualTo("human");
    assertThat(event.agentIds()).containsExactly(agent);
  }
}
