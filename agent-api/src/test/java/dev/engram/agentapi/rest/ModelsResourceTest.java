package dev.engram.agentapi.rest;

import static dev.engram.agentapi.support.Api.assertShape;
import static dev.engram.agentapi.support.Api.json;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasSize;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.agentapi.support.AgentApiTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(AgentApiTestResource.class)
class ModelsResourceTest {

  @Test
  void listsTheScriptedModelAsAnUnmistakableTestDouble() {
    JsonNode models = json(given().when().get("/v1/models/").then().statusCode(200).extract().response());

    assertThat(models).hasSize(1);
    JsonNode model = models.get(0);
    assertShape("Model", model);
    assertThat(model.get("handle").asText()).isEqualTo("scripted/scripted-model");
    assertThat(model.get("display_name").asText()).contains("not a real LLM");
    assertThat(model.get("provider_name").asText()).isEqualTo("scripted");
    assertThat(model.get("model_type").asText()).isEqualTo("llm");
    assertThat(model.get("max_context_window").asInt()).isPositive();
  }

  @Test
  void filtersByProvider() {
    given().queryParam("provider_name", "openai").when().get("/v1/models").then().statusCode(200).body("$", hasSize(0));
    given().queryParam("provider_name", "scripted").when().get("/v1/models").then().statusCode(200)
        .body("$", hasSize(1));
  }

  @Test
  void listsNoEmbeddingModelsYet() {
    given().when().get("/v1/models/embedding").then().statusCode(200).body("$", hasSize(0));
  }
}
