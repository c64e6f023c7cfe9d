package dev.engram.agentapi.support;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.io.UncheckedIOException;
import java.util.Map;
import org.assertj.core.api.Assertions;

/** Small helpers over RestAssured for agent-api's tests. */
public final class Api {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Creates an agent from {@code body}; fails the test unless the answer is 200. */
  public static JsonNode createAgent(Map<String, Object> body) {
    return json(given().contentType(ContentType.JSON).body(body).when().post("/v1/agents/")
        .then().statusCode(200).extract().response());
  }

  /** The body of a response as a tree. */
  public static JsonNode json(Response response) {
    try {
      return JSON.readTree(response.asString());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Asserts {@code value} conforms to Letta's OpenAPI schema {@code schema}. */
  public static void assertShape(String schema, JsonNode value) {
    Assertions.assertThat(OpenApiShapes.violations(schema, value)).as("%s against Letta's %s schema", value, schema)
        .isEmpty();
  }

  private Api() {
  }
}
