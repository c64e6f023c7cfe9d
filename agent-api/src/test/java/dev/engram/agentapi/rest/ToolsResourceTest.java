package dev.engram.agentapi.rest;

import static dev.engram.agentapi.support.Api.assertShape;
import static dev.engram.agentapi.support.Api.json;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.agentapi.support.AgentApiTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(AgentApiTestResource.class)
class ToolsResourceTest {

  @Test
  void listsTheSeededBaseToolsWithLettaSchemas() {
    JsonNode tools = json(given().queryParam("limit", 100).when().get("/v1/tools/").then().statusCode(200)
        .extract().response());

    assertThat(tools.findValuesAsText("name")).contains("memory_replace", "memory_insert", "memory_rethink",
        "memory_finish_edits", "core_memory_append", "core_memory_replace", "conversation_search", "send_message", "memory",
        "memory_apply_patch", "archival_memory_insert", "archival_memory_search");
    tools.forEach(t -> {
      assertShape("Tool", t);
      assertThat(t.get("id").asText()).matches("tool-[0-9a-f-]{36}");
      assertThat(t.at("/json_schema/name").asText()).isEqualTo(t.get("name").asText());
      assertThat(t.at("/json_schema/parameters/type").asText()).isEqualTo("object");
      assertThat(t.at("/json_schema/parameters/required").isArray()).isTrue();
    });
    JsonNode replace = json(given().queryParam("name", "memory_replace").when().get("/v1/tools")
        .then().statusCode(200).extract().response()).get(0);
    assertThat(replace.get("tool_type").asText()).isEqualTo("letta_sleeptime_core");
    assertThat(replace.at("/json_schema/parameters/required")).extracting(JsonNode::asText)
        .containsExactly("label", "old_string", "new_string");
  }

  @Test
  void retrievesOneToolById() {
    JsonNode search = json(given().queryParam("name", "conversation_search").when().get("/v1/tools")
        .then().statusCode(200).extract().response()).get(0);

    given().when().get("/v1/tools/" + search.get("id").asText()).then().statusCode(200)
        .body("name", equalTo("conversation_search"))
        .body("tool_type", equalTo("letta_core"))
        .body("json_schema.parameters.required.size()", equalTo(0));
    given().when().get("/v1/tools/tool-" + UUID.randomUUID()).then().statusCode(404);
    given().when().get("/v1/tools/agent-" + UUID.randomUUID()).then().statusCode(422);
  }
}
