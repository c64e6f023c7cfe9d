package dev.engram.agentapi.rest;

import static dev.engram.agentapi.support.Api.createAgent;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import dev.engram.agentapi.support.AgentApiTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What agent-api decides itself about tool runs and counts; the runs themselves are covered end to end (SDK). */
@QuarkusTest
@QuarkusTestResource(AgentApiTestResource.class)
class ToolRunsResourceTest {

  @Test
  void countsToolsWithTheListingsFilters() {
    int all = given().when().get("/v1/tools/count").then().statusCode(200).extract().as(Integer.class);
    List<?> listed = given().queryParam("limit", 1000).when().get("/v1/tools/").then().statusCode(200)
        .extract().as(List.class);
    assertThat(all).isEqualTo(listed.size()).isGreaterThanOrEqualTo(18);
    int builtins = given().queryParam("tool_types", "letta_builtin").when().get("/v1/tools/count").then()
        .statusCode(200).extract().as(Integer.class);
    assertThat(builtins).isEqualTo(3);
    assertThat(given().queryParam("name", "run_code").when().get("/v1/tools/count").then().statusCode(200)
        .extract().as(Integer.class)).isEqualTo(1);
  }

  @Test
  void registersLettasBuiltinAndMultiAgentTools() {
    for (String name : List.of("run_code", "web_search", "fetch_webpage")) {
      given().queryParam("name", name).when().get("/v1/tools/").then().statusCode(200)
          .body("[0].tool_type", org.hamcrest.Matchers.equalTo("letta_builtin"));
    }
    for (String name : List.of("send_message_to_agent_and_wait_for_reply", "send_message_to_agent_async",
        "send_message_to_agents_matching_tags")) {
      given().queryParam("name", name).when().get("/v1/tools/").then().statusCode(200)
          .body("[0].tool_type", org.hamcrest.Matchers.equalTo("letta_multi_agent_core"));
    }
  }

  @Test
  void runFromSourceRejectsWhatItCannotRun() {
    given().contentType(ContentType.JSON).body(Map.of("args", Map.of())).when().post("/v1/tools/run")
        .then().statusCode(422).body("detail", containsString("source_code"));
    given().contentType(ContentType.JSON).body(Map.of("source_code", "def f():\n    return 1\n"))
        .when().post("/v1/tools/run").then().statusCode(422).body("detail", containsString("args"));
    given().contentType(ContentType.JSON).body(Map.of("source_code", "def f():\n    return 1\n", "args", Map.of(),
        "pip_requirements", List.of(Map.of("name", "requests")))).when().post("/v1/tools/run")
        .then().statusCode(400).body("detail", containsString("pip_requirements"));
    given().contentType(ContentType.JSON).body(Map.of("source_code", "function f() {}", "args", Map.of(),
        "source_type", "javascript")).when().post("/v1/tools/run")
        .then().statusCode(400).body("detail", containsString("Only Python"));
  }

  @Test
  void runningAToolTheAgentDoesNotHaveIsA404() {
    String id = createAgent(Map.of()).get("id").asText();
    given().contentType(ContentType.JSON).body(Map.of("args", Map.of())).when()
        .post("/v1/agents/" + id + "/tools/run_code/run").then().statusCode(404)
        .body("detail", containsString("not attached"));
    given().contentType(ContentType.JSON).body(Map.of("args", Map.of())).when()
        .post("/v1/agents/agent-00000000-0000-4000-8000-000000000000/tools/run_code/run").then().statusCode(404);
  }
}
