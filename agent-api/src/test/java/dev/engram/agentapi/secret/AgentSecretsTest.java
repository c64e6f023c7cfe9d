package dev.engram.agentapi.secret;

import static dev.engram.agentapi.support.Api.assertShape;
import static dev.engram.agentapi.support.Api.createAgent;
import static dev.engram.agentapi.support.Api.json;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.agentapi.support.AgentApiTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(AgentApiTestResource.class)
class AgentSecretsTest {
  private static final String SECRET = "s3cr3t-value-9f2c";
  private static final String HEADER = "X-Engram-Internal-Token";

  @Test
  void storesSecretsAndNeverShowsTheirValues() {
    JsonNode created = createAgent(Map.of("secrets", Map.of("API_TOKEN", SECRET),
        "tool_exec_environment_variables", Map.of("REGION", "eu-west-1", "API_TOKEN", "overridden")));
    String id = created.get("id").asText();

    assertShape("AgentState", created);
    assertThat(created.toString()).doesNotContain(SECRET).doesNotContain("eu-west-1");
    assertThat(keys(created.get("secrets"))).containsExactly("API_TOKEN", "REGION");
    assertThat(keys(created.get("tool_exec_environment_variables"))).containsExactly("API_TOKEN", "REGION");
    JsonNode first = created.get("secrets").get(0);
    assertThat(first.get("value").asText()).isEqualTo(AgentSecrets.MASK);
    assertThat(first.get("agent_id").asText()).isEqualTo(id);
    assertThat(first.get("id").asText()).matches("agent-env-[0-9a-f-]{36}");

    // Like Letta, a read shows secrets only when asked for them, and then masked.
    JsonNode plain = json(given().when().get("/v1/agents/" + id));
    assertThat(plain.get("secrets")).isEmpty();
    JsonNode included = json(given().queryParam("include", "agent.secrets").when().get("/v1/agents/" + id));
    assertShape("AgentState", included);
    assertThat(keys(included.get("secrets"))).containsExactly("API_TOKEN", "REGION");
    assertThat(included.toString()).doesNotContain(SECRET);
    JsonNode listed = json(given().queryParam("include", "agent.secrets").when().get("/v1/agents/"));
    assertThat(listed.toString()).doesNotContain(SECRET);

    // Only the internal API (tool-executor) reads the values; secrets win over the deprecated field.
    given().when().get("/internal/agents/" + id + "/secrets").then().statusCode(403);
    given().header(HEADER, "wrong").when().get("/internal/agents/" + id + "/secrets").then().statusCode(403);
    internal().when().get("/internal/agents/" + id + "/secrets").then().statusCode(200)
        .body("API_TOKEN", org.hamcrest.Matchers.equalTo(SECRET))
        .body("REGION", org.hamcrest.Matchers.equalTo("eu-west-1"));
  }

  @Test
  void anUpdateReplacesTheSetAndAMaskedValueKeepsTheStoredOne() {
    String id = createAgent(Map.of("secrets", Map.of("API_TOKEN", SECRET, "OLD", "x"))).get("id").asText();

    JsonNode updated = json(given().contentType(ContentType.JSON)
        .body(Map.of("secrets", Map.of("API_TOKEN", AgentSecrets.MASK, "NEW", "fresh")))
        .when().patch("/v1/agents/" + id));
    assertThat(keys(updated.get("secrets"))).containsExactly("API_TOKEN", "NEW");
    assertThat(updated.toString()).doesNotContain(SECRET).doesNotContain("fresh");
    Map<?, ?> values = internal().when().get("/internal/agents/" + id + "/secrets").as(Map.class);
    assertThat(values).isEqualTo(Map.of("API_TOKEN", SECRET, "NEW", "fresh"));

    // A patch that does not mention secrets leaves them alone; an empty map clears them.
    given().contentType(ContentType.JSON).body(Map.of("description", "d")).when().patch("/v1/agents/" + id)
        .then().statusCode(200);
    assertThat(internal().when().get("/internal/agents/" + id + "/secrets").as(Map.class)).hasSize(2);
    given().contentType(ContentType.JSON).body(Map.of("secrets", Map.of())).when().patch("/v1/agents/" + id)
        .then().statusCode(200);
    assertThat(internal().when().get("/internal/agents/" + id + "/secrets").as(Map.class)).isEmpty();
  }

  @Test
  void rejectsKeysThatCannotBeEnvironmentVariables() {
    given().contentType(ContentType.JSON).body(Map.of("secrets", Map.of("NOT VALID", "x")))
        .when().post("/v1/agents/").then().statusCode(422)
        .body("detail", containsString("'NOT VALID' is not a valid environment variable name"));
    internal().when().get("/internal/agents/agent-00000000-0000-4000-8000-000000000000/secrets").then().statusCode(404);
  }

  /** A request as tool-executor makes it, with the internal token of the test configuration. */
  private static io.restassured.specification.RequestSpecification internal() {
    return given().header(HEADER, "test-internal-token");
  }

  private static List<String> keys(JsonNode secrets) {
    return secrets.findValuesAsText("key");
  }
}
