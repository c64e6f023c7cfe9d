package dev.engram.memory;

import static io.restassured.RestAssured.given;

import dev.engram.contracts.Ids;
import dev.engram.contracts.Json;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** RestAssured shortcuts for the internal API under test. */
public final class MemoryApi {

  private MemoryApi() {
  }

  /** A fresh agent id. */
  public static String newAgent() {
    return Ids.newId(Ids.AGENT);
  }

  /** POSTs blocks to the agent. */
  public static ValidatableResponse attach(String agentId, Object body) {
    return given().contentType(ContentType.JSON).body(Json.write(body))
        .post("/internal/agents/{agentId}/blocks", agentId).then();
  }

  /** Creates blocks from (label, value) pairs and expects success. */
  public static void createBlocks(String agentId, List<Map<String, Object>> blocks) {
    attach(agentId, Map.of("blocks", blocks)).statusCode(200);
  }

  /** Executes a tool call with a fresh idempotency key. */
  public static ValidatableResponse execute(String agentId, String tool, Object arguments) {
    return execute(agentId, tool, arguments, "step-" + UUID.randomUUID() + ":call-" + UUID.randomUUID());
  }

  /** Executes a tool call with the given idempotency key. */
  public static ValidatableResponse execute(String agentId, String tool, Object arguments, String key) {
    return execute(agentId, null, tool, arguments, key);
  }

  /** Executes a tool call for an agent in {@code timezone} (null: none sent). */
  public static ValidatableResponse execute(String agentId, String timezone, String tool, Object arguments,
      String key) {
    return execute(agentId, timezone, null, tool, arguments, key);
  }

  /** Executes a tool call (fresh idempotency key) in one of the agent's conversations. */
  public static ValidatableResponse executeIn(String agentId, String conversationId, String tool, Object arguments) {
    return execute(agentId, null, conversationId, tool, arguments,
        "step-" + UUID.randomUUID() + ":call-" + UUID.randomUUID());
  }

  private static ValidatableResponse execute(String agentId, String timezone, String conversationId, String tool,
      Object arguments, String key) {
    Map<String, Object> request = new HashMap<>(Map.of(
        "agent_id", agentId,
        "run_id", "run-test",
        "step_id", "step-test",
        "tool_call_id", "call-" + key.hashCode(),
        "idempotency_key", key,
        "tool_name", tool,
        "arguments", Json.write(arguments)));
    if (timezone != null) {
      request.put("timezone", timezone);
    }
    if (conversationId != null) {
      request.put("conversation_id", conversationId);
    }
    return given().contentType(ContentType.JSON).body(Json.write(request)).post("/internal/tools/execute").then();
  }

  /** The current value of the agent's block. */
  public static String value(String agentId, String label) {
    return given().get("/internal/agents/{agentId}/blocks/{label}", agentId, label)
        .then().statusCode(200).extract().path("value");
  }
}
