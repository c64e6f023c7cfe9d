package dev.engram.agentapi.rest;

import static dev.engram.agentapi.support.Api.assertShape;
import static dev.engram.agentapi.support.Api.createAgent;
import static dev.engram.agentapi.support.Api.json;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.agentapi.run.RunService;
import dev.engram.agentapi.support.AgentApiTestResource;
import dev.engram.contracts.api.ToolDefinition;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * agent-api's side of MCP servers: requests forwarded to tool-executor (a stand-in here; the real pair runs in
 * tool-executor's McpServerResourceTest and the SDK e2e), the servers' tools registered as {@code external_mcp}
 * tools with stable ids, attached to agents with their server id, refreshed, deleted with their server.
 */
@QuarkusTest
@QuarkusTestResource(AgentApiTestResource.class)
class McpServersResourceTest {
  @Inject
  RunService runs;

  @ConfigProperty(name = "quarkus.rest-client.tool-executor-mcp.url")
  String toolExecutor;

  @Test
  void serverToolsAreRegisteredOnceAttachableAndCarryTheirServerToTheAgentLoop() {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String serverId = createServer("files-" + suffix);
    offer(serverId, List.of(tool("read_file_" + suffix, "Reads a file."), tool("list_dir_" + suffix, "Lists.")));

    JsonNode tools = json(given().get("/v1/mcp-servers/" + serverId + "/tools").then().statusCode(200)
        .extract().response());
    assertThat(tools).extracting(t -> t.get("name").asText()).containsExactly("read_file_" + suffix,
        "list_dir_" + suffix);
    JsonNode read = tools.get(0);
    assertShape("Tool", read);
    assertThat(read.get("tool_type").asText()).isEqualTo(ToolDefinition.EXTERNAL_MCP);
    assertThat(read.at("/json_schema/parameters/required/0").asText()).isEqualTo("path");
    assertThat(read.at("/metadata_/mcp/server_id").asText()).isEqualTo(serverId);
    assertThat(read.at("/tags/0").asText()).isEqualTo("mcp:files-" + suffix);
    // Listing again keeps the ids, so attachments survive.
    given().get("/v1/mcp-servers/" + serverId + "/tools").then().statusCode(200)
        .body("[0].id", equalTo(read.get("id").asText()));
    given().get("/v1/mcp-servers/" + serverId + "/tools/" + read.get("id").asText()).then().statusCode(200)
        .body("name", equalTo("read_file_" + suffix));

    String agentId = createAgent(Map.of("name", "mcp-" + suffix))
        .get("id").asText();
    given().patch("/v1/agents/" + agentId + "/tools/attach/" + read.get("id").asText()).then().statusCode(200);
    ToolDefinition definition = runs.snapshot(agentId).tools().stream()
        .filter(t -> t.name().equals("read_file_" + suffix)).findFirst().orElseThrow();
    assertThat(definition.mcpServerId()).isEqualTo(serverId);
    assertThat(definition.toolType()).isEqualTo(ToolDefinition.EXTERNAL_MCP);

    given().contentType(ContentType.JSON).body(Map.of("args", Map.of("path", "/tmp/x")))
        .post("/v1/mcp-servers/" + serverId + "/tools/" + read.get("id").asText() + "/run").then().statusCode(200)
        .body("status", equalTo("success"))
        .body("func_return", equalTo("read_file_" + suffix + " ran with {\"path\":\"/tmp/x\"}"));
  }

  @Test
  void refreshDropsToolsTheServerNoLongerOffersAndDeleteTakesTheRest() {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String serverId = createServer("search-" + suffix);
    offer(serverId, List.of(tool("search_" + suffix, "Searches."), tool("old_" + suffix, "Going away.")));
    JsonNode tools = json(given().get("/v1/mcp-servers/" + serverId + "/tools").then().extract().response());
    String oldId = tools.get(1).get("id").asText();
    String searchId = tools.get(0).get("id").asText();

    offer(serverId, List.of(tool("search_" + suffix, "Searches better."), tool("new_" + suffix, "New.")));
    given().patch("/v1/mcp-servers/" + serverId + "/refresh").then().statusCode(200)
        .body("added", equalTo(List.of("new_" + suffix)))
        .body("updated", equalTo(List.of("search_" + suffix)))
        .body("deleted", equalTo(List.of("old_" + suffix)));
    given().get("/v1/tools/" + oldId).then().statusCode(404);
    given().get("/v1/tools/" + searchId).then().statusCode(200).body("description", equalTo("Searches better."));

    given().delete("/v1/mcp-servers/" + serverId).then().statusCode(204);
    given().get("/v1/tools/" + searchId).then().statusCode(404);
    given().get("/v1/mcp-servers/" + serverId).then().statusCode(404);
  }

  @Test
  void aToolNameHeldByAnotherToolIsNotTakenOver() {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String serverId = createServer("clash-" + suffix);
    offer(serverId, List.of(tool("send_message", "An impostor."), tool("fine_" + suffix, "Fine.")));

    given().get("/v1/mcp-servers/" + serverId + "/tools").then().statusCode(200)
        .body("name", equalTo(List.of("fine_" + suffix)));
    given().queryParam("name", "send_message").get("/v1/tools/").then().statusCode(200)
        .body("[0].tool_type", equalTo("letta_core"));
  }

  @Test
  void errorsAreLettaShaped() {
    String down = createServer("down-" + UUID.randomUUID());
    given().get("/v1/mcp-servers/" + down + "/tools").then().statusCode(502)
        .body("error.type", equalTo("mcp_connection_error"))
        .body("detail", containsString("Connection refused"));
    given().get("/v1/mcp-servers/not-an-id").then().statusCode(422);
    given().get("/v1/mcp-servers/mcp_server-" + UUID.randomUUID()).then().statusCode(404);
    String other = createServer("other-" + UUID.randomUUID());
    String builtin = json(given().queryParam("name", "send_message").get("/v1/tools/").then().extract().response())
        .get(0).get("id").asText();
    given().get("/v1/mcp-servers/" + other + "/tools/" + builtin).then().statusCode(404);
  }

  private static String createServer(String name) {
    return given().contentType(ContentType.JSON).body(Map.of("server_name", name, "config",
            Map.of("mcp_server_type", "streamable_http", "server_url", "https://mcp.example.com/mcp")))
        .post("/v1/mcp-servers/").then().statusCode(200).extract().path("id");
  }

  private void offer(String serverId, List<Map<String, Object>> tools) {
    given().baseUri(toolExecutor).contentType(ContentType.JSON).body(tools)
        .put("/internal/mcp-servers/" + serverId + "/tools").then().statusCode(204);
  }

  private static Map<String, Object> tool(String name, String description) {
    return Map.of("name", name, "description", description, "input_schema", Map.of("type", "object",
        "properties", Map.of("path", Map.of("type", "string")), "required", List.of("path")));
  }
}
