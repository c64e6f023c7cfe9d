package dev.engram.agentapi.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.engram.agentapi.support.AgentApiTestResource;
import dev.engram.agentapi.support.Api;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The memory-owned Letta paths reach memory-service as they came: method, path, query and body. */
@QuarkusTest
@QuarkusTestResource(AgentApiTestResource.class)
class MemoryGatewayResourceTest {

  @Test
  void globalPathsAreForwardedUnchanged() {
    given().get("/v1/blocks/?label=human&tags=a&tags=b").then().statusCode(200)
        .body("method", equalTo("GET")).body("path", equalTo("/v1/blocks/"))
        .body("query", equalTo("label=human&tags=a&tags=b"));
    given().contentType(ContentType.JSON).body("{\"value\":\"x\"}").patch("/v1/blocks/block-1").then().statusCode(200)
        .body("method", equalTo("PATCH")).body("body", equalTo("{\"value\":\"x\"}"));
    given().delete("/v1/archives/archive-1/passages/passage-2").then().statusCode(200)
        .body("method", equalTo("DELETE")).body("path", equalTo("/v1/archives/archive-1/passages/passage-2"));
    given().contentType(ContentType.JSON).body("{\"query\":\"tea\"}").post("/v1/passages/search").then()
        .statusCode(200).body("path", equalTo("/v1/passages/search"));
    given().contentType(ContentType.JSON).body("{\"query\":\"tea\"}").post("/v1/messages/search").then()
        .statusCode(200).body("path", equalTo("/v1/messages/search"));
    given().contentType(ContentType.JSON).body("{\"query\":\"tea\"}").post("/v1/agents/messages/search").then()
        .statusCode(200).body("path", equalTo("/v1/agents/messages/search"));
  }

  @Test
  void memoryServiceStatusesReachTheClient() {
    given().get("/v1/blocks/missing").then().statusCode(404);
  }

  @Test
  void agentScopedPathsNeedAnExistingAgent() {
    String agentId = Api.createAgent(Map.of("name", "gw-" + UUID.randomUUID(), "model", "scripted/scripted-model",
        "memory_blocks", List.of())).get("id").asText();
    given().contentType(ContentType.JSON).body("{\"text\":\"hi\"}").post("/v1/agents/" + agentId + "/archival-memory")
        .then().statusCode(200).body("path", equalTo("/v1/agents/" + agentId + "/archival-memory"));
    given().get("/v1/agents/" + agentId + "/archival-memory/search?query=hi&top_k=3").then().statusCode(200)
        .body("query", equalTo("query=hi&top_k=3"));
    given().patch("/v1/agents/" + agentId + "/archives/attach/archive-9").then().statusCode(200)
        .body("path", equalTo("/v1/agents/" + agentId + "/archives/attach/archive-9"));

    String unknown = "agent-" + UUID.randomUUID();
    given().get("/v1/agents/" + unknown + "/archival-memory").then().statusCode(404);
    given().patch("/v1/agents/" + unknown + "/archives/detach/archive-9").then().statusCode(404);
    given().get("/v1/agents/not-an-agent/archival-memory").then().statusCode(422);
  }
}
