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
import static dev.engram.agentapi.support.Api.createAgent;
import static org.hamcrest.Matchers.startsWith;

import dev.engram.agentapi.tool.ToolView;
import dev.engram.contracts.api.ToolDefinition;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(AgentApiTestResource.class)
class ToolsResourceTest {

  @Test
  void listsTheSeededBaseToolsWithLettaSchemas() {
    JsonNode tools = json(given().queryParam("limit", 100).when().get("/v1/tools/").then().statusCode(200)
        .extract().response());

    assertThat(tools.findValuesAsText("name")).contains("memory_replace", "memory_insert", "memory_finish_edits",
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

  /** A real-world-looking tool whose function name is unique in this test run. */
  private static String weatherTool(String name) {
    return """
        from typing import Literal, Optional

        def %s(city: str, days: int = 3, units: Literal["metric", "imperial"] = "metric",
               country: Optional[str] = None) -> str:
            \"""Look up the weather forecast for a city.

            Args:
                city (str): Name of the city.
                days (int): Number of days to forecast.
                units: Unit system of the temperatures.
                country: ISO code of the country, if the city name is ambiguous.

            Returns:
                str: The forecast.
            \"""
            return f"Sunny in {city} for {days} days"
        """.formatted(name);
  }

  private static String uniqueName(String prefix) {
    return prefix + "_" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static JsonNode createTool(Map<String, Object> body, int status) {
    return json(given().contentType("application/json").body(body).when().post("/v1/tools/")
        .then().statusCode(status).extract().response());
  }

  @Test
  void createsACustomToolWithTheSchemaDerivedFromItsSource() {
    String name = uniqueName("get_weather");
    JsonNode tool = createTool(Map.of("source_code", weatherTool(name), "tags", List.of("weather"),
        "pip_requirements", List.of(Map.of("name", "requests")), "default_requires_approval", true), 200);

    assertShape("Tool", tool);
    assertThat(tool.get("id").asText()).startsWith("tool-");
    assertThat(tool.get("name").asText()).isEqualTo(name);
    assertThat(tool.get("tool_type").asText()).isEqualTo("custom");
    assertThat(tool.get("source_type").asText()).isEqualTo("python");
    assertThat(tool.get("source_code").asText()).isEqualTo(weatherTool(name));
    assertThat(tool.get("description").asText()).isEqualTo("Look up the weather forecast for a city.");
    assertThat(tool.get("return_char_limit").asInt()).isEqualTo(50000);
    assertThat(tool.get("default_requires_approval").asBoolean()).isTrue();
    assertThat(tool.at("/pip_requirements/0/name").asText()).isEqualTo("requests");
    assertThat(tool.at("/tags/0").asText()).isEqualTo("weather");
    // The schema comes from tool-executor's real script (behind FakePeers' HTTP endpoint).
    JsonNode schema = tool.get("json_schema");
    assertThat(schema.get("name").asText()).isEqualTo(name);
    assertThat(schema.at("/parameters/properties/city/type").asText()).isEqualTo("string");
    assertThat(schema.at("/parameters/properties/days/type").asText()).isEqualTo("integer");
    assertThat(schema.at("/parameters/properties/units/enum").toString()).isEqualTo("[\"metric\",\"imperial\"]");
    assertThat(schema.at("/parameters/properties/country/description").asText())
        .isEqualTo("ISO code of the country, if the city name is ambiguous.");
    assertThat(schema.at("/parameters/required").toString()).isEqualTo("[\"city\"]");

    given().when().get("/v1/tools/" + tool.get("id").asText()).then().statusCode(200)
        .body("name", equalTo(name)).body("json_schema.parameters.required", equalTo(List.of("city")));
    JsonNode listed = json(given().queryParam("name", name).when().get("/v1/tools/").then().statusCode(200)
        .extract().response());
    assertThat(listed.findValuesAsText("id")).containsExactly(tool.get("id").asText());
    JsonNode custom = json(given().queryParam("tool_types", "custom").queryParam("limit", 100).when()
        .get("/v1/tools/").then().statusCode(200).extract().response());
    assertThat(custom.findValuesAsText("tool_type")).containsOnly("custom");
    assertThat(custom.findValuesAsText("name")).contains(name);
  }

  @Test
  void anExplicitSchemaIsKeptAndADuplicateNameIsA409() {
    String name = uniqueName("echo");
    Map<String, Object> schema = Map.of("name", name, "description", "Echo the text back.",
        "parameters", Map.of("type", "object", "properties", Map.of("text", Map.of("type", "string")),
            "required", List.of("text")));
    JsonNode tool = createTool(Map.of("source_code", "def " + name + "(text):\n    return text\n",
        "json_schema", schema, "return_char_limit", 100), 200);
    assertThat(tool.get("description").asText()).isEqualTo("Echo the text back.");
    assertThat(tool.get("return_char_limit").asInt()).isEqualTo(100);

    given().contentType("application/json").body(Map.of("source_code", "def " + name + "(text):\n    return text\n",
        "json_schema", schema)).when().post("/v1/tools/").then().statusCode(409)
        .body("detail", equalTo("Tool with name '" + name + "' already exists"));
    // A built-in tool's name is taken too.
    given().contentType("application/json").body(Map.of("source_code", "x = 1",
        "json_schema", Map.of("name", "send_message"))).when().post("/v1/tools/").then().statusCode(409);
  }

  @Test
  void badSourceOrSchemaIsA400WithTheReason() {
    given().contentType("application/json").body(Map.of("source_code", "def broken(city: str:\n    pass\n"))
        .when().post("/v1/tools/").then().statusCode(400)
        .body("detail", startsWith("Syntax error in source code"));
    given().contentType("application/json").body(Map.of("source_code",
            "def add(a: int, b: int) -> int:\n    \"\"\"Add.\n\n    Args:\n        a: First.\n    \"\"\"\n"))
        .when().post("/v1/tools/").then().statusCode(400)
        .body("detail", equalTo("Parameter 'b' in function 'add' lacks a description in the docstring"));
    given().contentType("application/json").body(Map.of("source_code", "x = 1", "json_schema",
            Map.of("description", "no name"))).when().post("/v1/tools/").then().statusCode(400)
        .body("detail", equalTo("json_schema must have a non-empty string 'name'"));
    given().contentType("application/json").body(Map.of("source_code", "function f() {}", "source_type", "typescript"))
        .when().post("/v1/tools/").then().statusCode(400);
    given().contentType("application/json").body(Map.of("tags", List.of("x"))).when().post("/v1/tools/")
        .then().statusCode(422);
  }

  @Test
  void upsertCreatesThenReplacesByNameKeepingTheId() {
    String name = uniqueName("get_weather");
    JsonNode first = json(given().contentType("application/json").body(Map.of("source_code", weatherTool(name)))
        .when().put("/v1/tools/").then().statusCode(200).extract().response());
    String changed = weatherTool(name).replace("Look up the weather forecast", "Forecast the weather");
    JsonNode second = json(given().contentType("application/json")
        .body(Map.of("source_code", changed, "tags", List.of("v2"))).when().put("/v1/tools/")
        .then().statusCode(200).extract().response());

    assertThat(second.get("id").asText()).isEqualTo(first.get("id").asText());
    assertThat(second.get("description").asText()).isEqualTo("Forecast the weather for a city.");
    assertThat(second.get("source_code").asText()).isEqualTo(changed);
    assertThat(second.at("/tags/0").asText()).isEqualTo("v2");
    given().contentType("application/json").body(Map.of("source_code", "x = 1",
        "json_schema", Map.of("name", "send_message"))).when().put("/v1/tools/").then().statusCode(400);
  }

  @Test
  void updateChangesFieldsAndRederivesTheSchemaFromNewSource() {
    String name = uniqueName("get_weather");
    String id = createTool(Map.of("source_code", weatherTool(name)), 200).get("id").asText();

    given().contentType("application/json").body(Map.of("tags", List.of("a", "b"), "return_char_limit", 2000,
            "metadata_", Map.of("team", "ops"), "default_requires_approval", true))
        .when().patch("/v1/tools/" + id).then().statusCode(200)
        .body("tags", equalTo(List.of("a", "b"))).body("return_char_limit", equalTo(2000))
        .body("metadata_.team", equalTo("ops")).body("default_requires_approval", equalTo(true))
        .body("json_schema.parameters.required", equalTo(List.of("city")));
    String newSource = "def " + name + "(place: str) -> str:\n    \"\"\"Weather now.\n\n    Args:\n"
        + "        place: Where.\n    \"\"\"\n    return place\n";
    given().contentType("application/json").body(Map.of("source_code", newSource))
        .when().patch("/v1/tools/" + id).then().statusCode(200)
        .body("description", equalTo("Weather now."))
        .body("json_schema.parameters.required", equalTo(List.of("place")))
        .body("tags", equalTo(List.of("a", "b")));
    given().contentType("application/json").body(Map.of("source_code", "def (:"))
        .when().patch("/v1/tools/" + id).then().statusCode(400);
    given().contentType("application/json").body(Map.of("return_char_limit", 0))
        .when().patch("/v1/tools/" + id).then().statusCode(422);
    given().contentType("application/json").body(Map.of("json_schema", Map.of("name", "conversation_search")))
        .when().patch("/v1/tools/" + id).then().statusCode(409);
    given().contentType("application/json").body(Map.of("tags", List.of()))
        .when().patch("/v1/tools/tool-" + UUID.randomUUID()).then().statusCode(404);
  }

  @Test
  void attachDetachAndDeleteOnAnAgent() {
    String name = uniqueName("get_weather");
    String toolId = createTool(Map.of("source_code", weatherTool(name)), 200).get("id").asText();
    JsonNode agent = createAgent(Map.of());
    String agentId = agent.get("id").asText();
    int before = agent.get("tools").size();

    JsonNode attached = json(given().when().patch("/v1/agents/" + agentId + "/tools/attach/" + toolId)
        .then().statusCode(200).extract().response());
    assertShape("AgentState", attached);
    assertThat(attached.get("tools").findValuesAsText("id")).contains(toolId).hasSize(before + 1);
    JsonNode tool = attached.get("tools").findParents("id").stream()
        .filter(t -> t.get("id").asText().equals(toolId)).findFirst().orElseThrow();
    assertThat(tool.get("source_code").asText()).contains("def " + name);
    // Attaching twice changes nothing.
    given().when().patch("/v1/agents/" + agentId + "/tools/attach/" + toolId).then().statusCode(200)
        .body("tools.size()", equalTo(before + 1));
    JsonNode listed = json(given().queryParam("limit", 50).when().get("/v1/agents/" + agentId + "/tools")
        .then().statusCode(200).extract().response());
    assertThat(listed.findValuesAsText("id")).endsWith(toolId);
    given().when().patch("/v1/agents/" + agentId + "/tools/attach/tool-" + UUID.randomUUID()).then().statusCode(404);
    given().when().patch("/v1/agents/agent-" + UUID.randomUUID() + "/tools/attach/" + toolId).then().statusCode(404);

    JsonNode detached = json(given().when().patch("/v1/agents/" + agentId + "/tools/detach/" + toolId)
        .then().statusCode(200).extract().response());
    assertThat(detached.get("tools").findValuesAsText("id")).doesNotContain(toolId).hasSize(before);

    given().when().patch("/v1/agents/" + agentId + "/tools/attach/" + toolId).then().statusCode(200);
    given().when().delete("/v1/tools/" + toolId).then().statusCode(204);
    given().when().get("/v1/tools/" + toolId).then().statusCode(404);
    given().when().delete("/v1/tools/" + toolId).then().statusCode(404);
    given().queryParam("limit", 50).when().get("/v1/agents/" + agentId + "/tools").then().statusCode(200)
        .body("size()", equalTo(before));
  }

  @Test
  void addBaseToolsRestoresADeletedBuiltIn() {
    JsonNode rethink = json(given().queryParam("name", "memory_finish_edits").when().get("/v1/tools/")
        .then().statusCode(200).extract().response()).get(0);
    given().when().delete("/v1/tools/" + rethink.get("id").asText()).then().statusCode(204);

    JsonNode base = json(given().when().post("/v1/tools/add-base-tools").then().statusCode(200).extract().response());
    assertThat(base.valueStream().map(t -> t.get("name").asText()).toList())
        .contains("memory_finish_edits", "send_message", "conversation_search", "run_code", "web_search").hasSize(18);
    given().queryParam("name", "memory_finish_edits").when().get("/v1/tools/").then().statusCode(200)
        .body("size()", equalTo(1));
  }

  @Test
  void onlyACustomToolsDefinitionCarriesItsSource() {
    ToolView custom = new ToolView("tool-1", ToolDefinition.CUSTOM, "d", "python", "f", List.of(), "def f(): pass",
        Map.of("name", "f"), null, 100, null, null, null, false, null, null, null, null);
    assertThat(custom.definition().sourceType()).isEqualTo("python");
    assertThat(custom.definition().sourceCode()).isEqualTo("def f(): pass");
    ToolView core = new ToolView("tool-2", ToolDefinition.LETTA_CORE, "d", "python", "send_message", List.of(), null,
        Map.of("name", "send_message"), null, 100, null, null, null, false, null, null, null, null);
    assertThat(core.definition().sourceCode()).isNull();
    assertThat(core.definition().sourceType()).isNull();
  }
}
