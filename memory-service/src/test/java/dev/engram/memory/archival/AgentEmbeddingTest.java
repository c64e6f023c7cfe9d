package dev.engram.memory.archival;

import static dev.engram.memory.MemoryApi.newAgent;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.engram.contracts.Json;
import dev.engram.local.EngramInfraTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** An agent's default archive is embedded with the agent's own embedding model, or refused if it cannot be. */
@QuarkusTest
@QuarkusTestResource(value = EngramInfraTestResource.class,
    initArgs = @ResourceArg(name = "database", value = "memory"))
class AgentEmbeddingTest {

  @Test
  void theDefaultArchiveUsesTheAgentsModelHandle() {
    String agent = newAgent();
    given().contentType(ContentType.JSON).header(AgentArchivalResource.AGENT_EMBEDDING_HEADER, "local/all-minilm-l6-v2")
        .body(Json.write(Map.of("text", "The garage code is 2291"))).post("/v1/agents/{a}/archival-memory", agent)
        .then().statusCode(200).body("[0].embedding_config.handle", equalTo("local/all-minilm-l6-v2"));
  }

  @Test
  void aModelTheServerCannotRunIsA400NotAnotherModel() {
    String agent = newAgent();
    given().contentType(ContentType.JSON)
        .header(AgentArchivalResource.AGENT_EMBEDDING_HEADER, "openai/text-embedding-3-small")
        .body(Json.write(Map.of("text", "x"))).post("/v1/agents/{a}/archival-memory", agent)
        .then().statusCode(400).body("detail", containsString("OPENAI_API_KEY"));
    given().get("/v1/agents/{a}/archival-memory", agent).then().statusCode(200).body("size()", equalTo(0));
  }

  @Test
  void theArchivalInsertToolHonoursTheAgentsHandleToo() {
    String agent = newAgent();
    Map<String, Object> request = new HashMap<>();
    request.put("agent_id", agent);
    request.put("run_id", "run-test");
    request.put("step_id", "step-test");
    request.put("tool_call_id", "call-1");
    request.put("idempotency_key", "step-" + UUID.randomUUID() + ":call-1");
    request.put("tool_name", "archival_memory_insert");
    request.put("arguments", Json.write(Map.of("content", "Parking is on level 3")));
    request.put("embedding", "nowhere/unknown-model");
    given().contentType(ContentType.JSON).body(Json.write(request)).post("/internal/tools/execute").then()
        .statusCode(200).body("status", equalTo("error"))
        .body("tool_return", containsString("nowhere/unknown-model"));
  }
}
