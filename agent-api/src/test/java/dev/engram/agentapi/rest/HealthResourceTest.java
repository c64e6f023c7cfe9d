package dev.engram.agentapi.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.engram.agentapi.support.AgentApiTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
@QuarkusTestResource(AgentApiTestResource.class)
class HealthResourceTest {

  @ParameterizedTest
  @ValueSource(strings = {"/v1/health", "/v1/health/"})
  void reportsTheLettaApiLevel(String path) {
    given().when().get(path).then().statusCode(200)
        .body("version", equalTo("0.16.8"))
        .body("status", equalTo("ok"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"/v1/tools", "/v1/tools/", "/v1/agents", "/v1/agents/", "/v1/models", "/v1/models/"})
  void collectionRootsAnswerWithAndWithoutTrailingSlash(String path) {
    given().when().get(path).then().statusCode(200);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/q/health/ready", "/q/health/live"})
  void readinessCoversDatabaseAndKafka(String path) {
    given().when().get(path).then().statusCode(200).body("status", equalTo("UP"));
  }
}
