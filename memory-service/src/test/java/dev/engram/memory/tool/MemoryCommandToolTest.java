package dev.engram.memory.tool;

import static dev.engram.memory.MemoryApi.createBlocks;
import static dev.engram.memory.MemoryApi.execute;
import static dev.engram.memory.MemoryApi.newAgent;
import static dev.engram.memory.MemoryApi.value;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import dev.engram.local.EngramInfraTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@code memory} and {@code memory_apply_patch} tools against real blocks. */
@QuarkusTest
@QuarkusTestResource(value = EngramInfraTestResource.class,
    initArgs = @ResourceArg(name = "database", value = "memory"))
class MemoryCommandToolTest {
  private String agent;

  @BeforeEach
  void agentWithBlocks() {
    agent = newAgent();
    createBlocks(agent, List.of(
        Map.of("label", "persona", "value", "I am Sam.", "read_only", true),
        Map.of("label", "human", "value", "Name: Bob\nLikes: tea", "limit", 80)));
  }

  private List<String> labels() {
    return given().get("/internal/agents/{a}/blocks", agent).then().statusCode(200).extract().path("label");
  }

  @Test
  void createAddsAnAttachedBlockWithItsDescription() {
    execute(agent, "memory", Map.of("command", "create", "path", "/memories/projects/engram",
        "description", "Current projects", "file_text", "Engram"))
        .statusCode(200).body("status", equalTo("success"))
        .body("tool_return", equalTo("Successfully created memory block 'projects/engram'. Your system prompt has been "
            + "recompiled with the new memory block and is now active in your context."));
    assertThat(labels()).containsExactly("persona", "human", "projects/engram");
    given().get("/internal/agents/{a}/blocks/{l}", agent, "projects/engram").then()
        .body("value", equalTo("Engram")).body("description", equalTo("Current projects"));
    execute(agent, "memory", Map.of("command", "create", "path", "/memories/human", "description", "dup"))
        .body("status", equalTo("error")).body("tool_return", equalTo("Error: Memory block 'human' already exists"));
    execute(agent, "memory", Map.of("command", "create", "path", "/memories/x"))
        .body("status", equalTo("error"))
        .body("tool_return", equalTo("Error: description is required for create command"));
  }

  @Test
  void strReplaceAndInsertEditByPath() {
    execute(agent, "memory", Map.of("command", "str_replace", "path", "/memories/human", "old_string", "tea",
        "new_string", "coffee")).body("status", equalTo("success"));
    execute(agent, "memory", Map.of("command", "insert", "path", "human", "insert_text", "Age: 40", "insert_line", 1))
        .body("status", equalTo("success"));
    assertThat(value(agent, "human")).isEqualTo("Name: Bob\nAge: 40\nLikes: coffee");
    execute(agent, "memory", Map.of("command", "insert", "path", "/memories/human"))
        .body("tool_return", equalTo("Error: insert_text is required for insert command"));
    execute(agent, "memory", Map.of("command", "str_replace", "path", "/memories/persona", "old_string", "Sam",
        "new_string", "Max")).body("tool_return", equalTo("Error This block is read-only and cannot be edited."));
  }

  @Test
  void deleteDetachesAndRenameChangesLabelOrDescription() {
    execute(agent, "memory", Map.of("command", "rename", "path", "/memories/human", "description", "About the user"))
        .body("status", equalTo("success"))
        .body("tool_return", startsWith("Successfully updated description of memory block 'human'."));
    execute(agent, "memory", Map.of("command", "rename", "old_path", "/memories/human", "new_path", "/memories/user"))
        .body("tool_return", startsWith("Successfully renamed memory block 'human' to 'user'."));
    given().get("/internal/agents/{a}/blocks/user", agent).then().statusCode(200)
        .body("description", equalTo("About the user"));
    execute(agent, "memory", Map.of("command", "rename", "path", "/memories/user"))
        .body("status", equalTo("error")).body("tool_return", startsWith("Error: path and description are required"));
    execute(agent, "memory", Map.of("command", "delete", "path", "/memories/user"))
        .body("tool_return", startsWith("Successfully deleted memory block 'user'."));
    assertThat(labels()).containsExactly("persona");
    execute(agent, "memory", Map.of("command", "delete", "path", "/memories/user"))
        .body("status", equalTo("error"))
        .body("tool_return", equalTo("Error performing delete: Block field user does not exist (available sections = "
            + "persona)"));
    execute(agent, "memory", Map.of("command", "explode"))
        .body("tool_return", equalTo("Error: Unknown command 'explode'. Supported commands: create, str_replace, "
            + "insert, delete, rename"));
  }

  @Test
  void applyPatchEditsOneBlockByLabel() {
    execute(agent, "memory_apply_patch", Map.of("label", "human", "patch", "@@\n-Likes: tea\n+Likes: green tea"))
        .body("status", equalTo("success"))
        .body("tool_return", startsWith("The core memory block with label `human` has been successfully edited."));
    assertThat(value(agent, "human")).isEqualTo("Name: Bob\nLikes: green tea");
    execute(agent, "memory_apply_patch", Map.of("label", "nope", "patch", "+x"))
        .body("tool_return", equalTo("Error: Memory block 'nope' does not exist"));
    execute(agent, "memory_apply_patch", Map.of("label", "human", "patch", "1→ Name: Bob"))
        .body("tool_return", startsWith("Patch contains a line number prefix"));
  }

  @Test
  void applyPatchRunsSeveralOperations() {
    String patch = """
        *** Add Block: projects
        Description: Work in progress
        +Engram
        *** Update Block: human
        -Name: Bob
        +Name: Robert
        *** Move to: user""";
    execute(agent, "memory_apply_patch", Map.of("label", "", "patch", patch))
        .body("status", equalTo("success"))
        .body("tool_return", equalTo("Successfully applied memory patch operations. Your system prompt has been "
            + "recompiled with the updated memory contents and is now active in your context.\n\nOperations completed:\n"
            + "- Created memory block 'projects'\n- Updated memory block 'human'\n- Renamed memory block 'human' to "
            + "'user'"));
    assertThat(labels()).containsExactly("persona", "user", "projects");
    assertThat(value(agent, "user")).isEqualTo("Name: Robert\nLikes: tea");
  }

  @Test
  void aFailingOperationLeavesEveryBlockAsItWas() {
    String patch = """
        *** Add Block: projects
        +Engram
        *** Update Block: human
        -Name: Bob
        +Name: Robert
        *** Update Block: persona
        -I am Sam.
        +I am Max.""";
    execute(agent, "memory_apply_patch", Map.of("label", "", "patch", patch))
        .body("status", equalTo("error"))
        .body("tool_return", equalTo("Error This block is read-only and cannot be edited."));
    assertThat(labels()).containsExactly("persona", "human");
    assertThat(value(agent, "human")).isEqualTo("Name: Bob\nLikes: tea");
  }

  @Test
  void aReplayedPatchAppliesOnce() {
    String key = "step-patch:call-1";
    Map<String, Object> args = Map.of("label", "", "patch", "*** Add Block: notes\n+first");
    execute(agent, "memory_apply_patch", args, key).body("status", equalTo("success"));
    execute(agent, "memory_apply_patch", args, key).body("status", equalTo("success"));
    assertThat(labels()).containsExactly("persona", "human", "notes");
  }
}
