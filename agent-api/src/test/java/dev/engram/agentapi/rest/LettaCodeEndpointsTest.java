package dev.engram.agentapi.rest;

import static dev.engram.agentapi.support.Api.assertShape;
import static dev.engram.agentapi.support.Api.createAgent;
import static dev.engram.agentapi.support.Api.json;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.agentapi.support.AgentApiTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The rest of what letta-code calls: providers, generate, message lookup, and Letta-shaped 501s for the unsupported. */
@QuarkusTest
@QuarkusTestResource(AgentApiTestResource.class)
class LettaCodeEndpointsTest {

  @Test
  void providersAreTheConfiguredOnes() {
    JsonNode providers = json(given().when().get("/v1/providers/").then().statusCode(200).extract().response());
    assertThat(providers).hasSize(1);
    assertShape("Provider", providers.get(0));
    assertThat(providers.get(0).get("name").asText()).isEqualTo("scripted");
    assertThat(providers.get(0).get("provider_category").asText()).isEqualTo("base");
    String id = providers.get(0).get("id").asText();
    given().when().get("/v1/providers/" + id).then().statusCode(200).body("name", equalTo("scripted"));
    given().queryParam("provider_type", "anthropic").when().get("/v1/providers/").then().statusCode(200)
        .body("size()", equalTo(0));
    given().when().get("/v1/providers/provider-" + UUID.randomUUID()).then().statusCode(404);
    given().contentType(ContentType.JSON).body(Map.of("name", "x", "provider_type", "openai", "api_key", "k"))
        .when().post("/v1/providers/").then().statusCode(501).body("detail", containsString("environment"));
    given().when().delete("/v1/providers/" + id).then().statusCode(501);
  }

  @Test
  void generateIsADirectCompletionWithTheAgentsModel() {
    String agentId = createAgent(Map.of()).get("id").asText();
    JsonNode answer = json(given().contentType(ContentType.JSON)
        .body(Map.of("prompt", "Say something", "system_prompt", "Be brief")).when()
        .post("/v1/agents/" + agentId + "/generate").then().statusCode(200).extract().response());
    assertShape("GenerateResponse", answer);
    assertThat(answer.get("content").asText()).isNotBlank();
    assertThat(answer.get("model").asText()).isEqualTo("scripted-model");
    assertThat(answer.at("/usage/total_tokens").asInt()).isPositive();
    // Nothing of it reaches the agent's history or runs.
    given().queryParam("agent_id", agentId).when().get("/v1/runs/").then().statusCode(200)
        .body("size()", equalTo(0));

    given().contentType(ContentType.JSON).body(Map.of("prompt", "")).when()
        .post("/v1/agents/" + agentId + "/generate").then().statusCode(422);
    given().contentType(ContentType.JSON).body(Map.of("prompt", "x", "response_schema", Map.of("type", "object")))
        .when().post("/v1/agents/" + agentId + "/generate").then().statusCode(422)
        .body("detail", containsString("response_schema"));
    given().contentType(ContentType.JSON).body(Map.of("prompt", "x", "override_model", "nowhere/model")).when()
        .post("/v1/agents/" + agentId + "/generate").then().statusCode(404).body("detail", containsString("nowhere"));
    given().contentType(ContentType.JSON).body(Map.of("prompt", "x")).when()
        .post("/v1/agents/agent-" + UUID.randomUUID() + "/generate").then().statusCode(404);
  }

  @Test
  void messageLookupValidatesIdsAndPassesStepRunnersAnswer() {
    given().when().get("/v1/messages/nope").then().statusCode(422);
    // The fake step-runner knows no message: its 404 reaches the client as JSON.
    given().when().get("/v1/messages/message-" + UUID.randomUUID()).then().statusCode(404)
        .contentType(ContentType.JSON);
  }

  @Test
  void unsupportedLettaCodeEndpointsAnswer501WithADetail() {
    given().when().get("/v1/tools/mcp/servers").then().statusCode(501)
        .body("detail", containsString("/v1/mcp-servers"));
    given().contentType(ContentType.JSON).body("{}").when().post("/v1/tools/mcp/servers/connect").then()
        .statusCode(501).body("detail", containsString("MCP"));
    given().when().get("/v1/metadata/balance").then().statusCode(501).body("detail", containsString("Cloud"));
    given().contentType(ContentType.JSON).body("{}").when().post("/v1/_internal_search/cache-warm").then()
        .statusCode(501);
    String agentId = createAgent(Map.of()).get("id").asText();
    given().when().get("/v1/agents/" + agentId + "/export").then().statusCode(501)
        .body("detail", containsString("Agent file"));
    // The neighbours of those paths still work.
    given().when().get("/v1/agents/" + agentId).then().statusCode(200);
    given().queryParam("name", "send_message").when().get("/v1/tools/").then().statusCode(200);
  }
}
