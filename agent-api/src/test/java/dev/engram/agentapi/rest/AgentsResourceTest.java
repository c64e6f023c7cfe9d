package dev.engram.agentapi.rest;

import static dev.engram.agentapi.support.Api.assertShape;
import static dev.engram.agentapi.support.Api.createAgent;
import static dev.engram.agentapi.support.Api.json;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.agentapi.support.AgentApiTestResource;
import dev.engram.agentapi.support.Kafka;
import dev.engram.contracts.events.AgentDeleted;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(AgentApiTestResource.class)
class AgentsResourceTest {

  @Test
  void createsAnAgentWithLettaDefaults() {
    JsonNode agent = createAgent(Map.of());

    assertShape("AgentState", agent);
    assertThat(agent.get("id").asText()).matches("agent-[0-9a-f-]{36}");
    assertThat(agent.get("name").asText()).matches("^[\\w '\\-]+$");
    assertThat(agent.get("agent_type").asText()).isEqualTo("letta_v1_agent");
    assertThat(agent.get("system").asText()).isNotBlank();
    assertThat(agent.get("timezone").asText()).isEqualTo("UTC");
    assertThat(agent.get("model").asText()).isEqualTo("scripted/scripted-model");
    assertThat(agent.at("/llm_config/handle").asText()).isEqualTo("scripted/scripted-model");
    assertThat(names(agent.get("tools"))).containsExactlyInAnyOrder("conversation_search", "memory_insert",
        "memory_replace");
    assertThat(agent.get("blocks")).isEmpty();
    assertThat(agent.at("/memory/blocks")).isEmpty();
    assertThat(agent.get("sources")).isEmpty();
  }

  @Test
  void createsMemoryBlocksThroughMemoryServiceAndStoresTheRest() {
    JsonNode agent = createAgent(Map.ofEntries(
        Map.entry("name", "Sam's helper"),
        Map.entry("agent_type", "memgpt_v2_agent"),
        Map.entry("system", "Be brief."),
        Map.entry("memory_blocks", List.of(Map.of("label", "persona", "value", "I am Sam."),
            Map.of("label", "human", "value", "Name: Bob", "limit", 500))),
        Map.entry("tools", List.of("memory_rethink")),
        Map.entry("include_base_tools", false),
        Map.entry("tags", List.of("team:a", "origin:test")),
        Map.entry("metadata", Map.of("owner", "bob")),
        Map.entry("description", "test agent"),
        Map.entry("timezone", "Europe/Paris"),
        Map.entry("context_window_limit", 8000),
        Map.entry("some_field_we_do_not_know", true)));

    assertShape("AgentState", agent);
    assertThat(agent.get("name").asText()).isEqualTo("Sam's helper");
    assertThat(agent.get("system").asText()).isEqualTo("Be brief.");
    assertThat(names(agent.get("tools"))).containsExactly("memory_rethink");
    assertThat(agent.get("blocks")).extracting(b -> b.get("label").asText()).containsExactly("persona", "human");
    assertThat(agent.at("/memory/blocks")).hasSize(2);
    assertThat(agent.at("/llm_config/context_window").asInt()).isEqualTo(8000);
    assertThat(agent.at("/metadata/owner").asText()).isEqualTo("bob");
    assertThat(agent.get("tags")).extracting(JsonNode::asText).containsExactly("team:a", "origin:test");
    String id = agent.get("id").asText();

    given().when().get("/v1/agents/" + id + "/core-memory/blocks/human").then().statusCode(200)
        .body("value", equalTo("Name: Bob")).body("limit", equalTo(500));
    given().contentType(ContentType.JSON).body(Map.of("value", "Name: Robert")).when()
        .patch("/v1/agents/" + id + "/core-memory/blocks/human").then().statusCode(200)
        .body("value", equalTo("Name: Robert"));
    given().when().get("/v1/agents/" + id + "/core-memory/blocks").then().statusCode(200)
        .body("label", equalTo(List.of("persona", "human")));
    given().when().get("/v1/agents/" + id + "/core-memory/blocks/nope").then().statusCode(404)
        .body("detail", containsString("nope"));
  }

  @Test
  void toolRulesRoundTripThroughCreateGetAndUpdate() {
    List<Map<String, Object>> rules = List.of(
        Map.of("type", "run_first", "tool_name", "conversation_search"),
        Map.of("type", "exit_loop", "tool_name", "memory_insert"),
        Map.of("type", "continue_loop", "tool_name", "memory_replace"),
        Map.of("type", "constrain_child_tools", "tool_name", "conversation_search", "children",
            List.of("memory_insert")),
        Map.of("type", "parent_last_tool", "tool_name", "conversation_search", "children", List.of("memory_replace")),
        Map.of("type", "conditional", "tool_name", "conversation_search", "child_output_mapping",
            Map.of("yes", "memory_insert"), "default_child", "memory_replace"),
        Map.of("type", "max_count_per_step", "tool_name", "conversation_search", "max_count_limit", 2),
        Map.of("type", "required_before_exit", "tool_name", "memory_insert"),
        Map.of("type", "requires_approval", "tool_name", "memory_replace", "prompt_template", "ask first"));
    JsonNode agent = createAgent(Map.of("tool_rules", rules));

    assertShape("AgentState", agent);
    assertThat(agent.get("tool_rules")).hasSize(9);
    assertThat(agent.at("/tool_rules/5/require_output_mapping").asBoolean(true)).isFalse();
    assertThat(agent.at("/tool_rules/6/max_count_limit").asInt()).isEqualTo(2);
    assertThat(agent.at("/tool_rules/8/prompt_template").asText()).isEqualTo("ask first");
    String id = agent.get("id").asText();
    JsonNode fetched = json(given().when().get("/v1/agents/" + id).then().statusCode(200).extract().response());
    assertThat(fetched.get("tool_rules")).isEqualTo(agent.get("tool_rules"));

    JsonNode updated = json(given().contentType(ContentType.JSON)
        .body(Map.of("tool_rules", List.of(Map.of("type", "exit_loop", "tool_name", "conversation_search"))))
        .when().patch("/v1/agents/" + id).then().statusCode(200).extract().response());
    assertThat(updated.get("tool_rules")).hasSize(1);
    assertThat(updated.at("/tool_rules/0/type").asText()).isEqualTo("exit_loop");
    given().contentType(ContentType.JSON).body(Map.of("name", "renamed")).when().patch("/v1/agents/" + id)
        .then().statusCode(200).body("tool_rules.size()", equalTo(1));
  }

  @Test
  void parallelToolCallsIsKeptOnTheModelConfigAcrossUpdates() {
    JsonNode agent = createAgent(Map.of("parallel_tool_calls", true));
    assertThat(agent.at("/llm_config/parallel_tool_calls").asBoolean()).isTrue();
    String id = agent.get("id").asText();
    // Another model (here: a new window) keeps the flag; the flag alone changes only the flag.
    given().contentType(ContentType.JSON).body(Map.of("context_window_limit", 4096)).when().patch("/v1/agents/" + id)
        .then().statusCode(200).body("llm_config.parallel_tool_calls", equalTo(true))
        .body("llm_config.context_window", equalTo(4096));
    given().contentType(ContentType.JSON).body(Map.of("parallel_tool_calls", false)).when().patch("/v1/agents/" + id)
        .then().statusCode(200).body("llm_config.parallel_tool_calls", equalTo(false))
        .body("llm_config.context_window", equalTo(4096));
    assertThat(createAgent(Map.of()).at("/llm_config/parallel_tool_calls").asBoolean(true)).isFalse();
  }

  @Test
  void legacyAgentsGetLettasBaseToolRulesUnlessTurnedOff() {
    JsonNode memgpt = createAgent(Map.of("agent_type", "memgpt_v2_agent"));
    assertThat(memgpt.get("tool_rules")).extracting(r -> r.get("tool_name").asText() + ":" + r.get("type").asText())
        .containsExactlyInAnyOrder("send_message:exit_loop", "conversation_search:continue_loop",
            "memory_insert:continue_loop", "memory_replace:continue_loop");
    assertThat(createAgent(Map.of()).get("tool_rules")).as("off by default for letta_v1_agent").isEmpty();
    assertThat(createAgent(Map.of("agent_type", "memgpt_v2_agent", "include_base_tool_rules", false))
        .get("tool_rules")).isEmpty();
    JsonNode workflow = createAgent(Map.of("agent_type", "workflow_agent"));
    assertThat(workflow.get("message_buffer_autoclear").asBoolean()).isTrue();
  }

  @Test
  void malformedToolRulesAreA422() {
    given().contentType(ContentType.JSON).body(Map.of("tool_rules", List.of(Map.of("type", "sometimes",
        "tool_name", "x")))).when().post("/v1/agents/").then().statusCode(422)
        .body("detail", containsString("tool_rules.0.type"));
    given().contentType(ContentType.JSON).body(Map.of("tool_rules", List.of(Map.of("type", "conditional",
        "tool_name", "x")))).when().post("/v1/agents/").then().statusCode(422)
        .body("detail", containsString("child_output_mapping"));
    given().contentType(ContentType.JSON).body(Map.of("tool_rules", List.of(Map.of("type", "max_count_per_step",
        "tool_name", "x")))).when().post("/v1/agents/").then().statusCode(422)
        .body("detail", containsString("max_count_limit"));
  }

  @Test
  void retrieveJoinsOnlyTheIncludedRelations() {
    String id = createAgent(Map.of("memory_blocks", List.of(Map.of("label", "persona", "value", "x")),
        "tags", List.of("t1"))).get("id").asText();

    JsonNode bare = json(given().when().get("/v1/agents/" + id).then().statusCode(200).extract().response());
    assertShape("AgentState", bare);
    assertThat(bare.get("blocks")).isEmpty();
    assertThat(bare.at("/memory/blocks")).isEmpty();
    assertThat(bare.get("tools")).isEmpty();
    assertThat(bare.get("tags")).isEmpty();

    JsonNode full = json(given().queryParam("include", "agent.blocks", "agent.tools", "agent.tags")
        .when().get("/v1/agents/" + id).then().statusCode(200).extract().response());
    assertThat(full.get("blocks")).hasSize(1);
    assertThat(full.at("/memory/blocks")).hasSize(1);
    assertThat(full.get("tools")).hasSize(3);
    assertThat(full.get("tags")).extracting(JsonNode::asText).containsExactly("t1");

    given().queryParam("include", "agent.everything").when().get("/v1/agents/" + id).then().statusCode(422);
  }

  @Test
  void listsFiltersAndPagesAgents() {
    String tag = "list-" + UUID.randomUUID();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ids.add(createAgent(Map.of("name", "lister " + i + " " + tag.substring(5, 13),
          "tags", i == 2 ? List.of(tag, "extra") : List.of(tag))).get("id").asText());
    }

    List<String> newestFirst = json(given().queryParam("tags", tag).when().get("/v1/agents")
        .then().statusCode(200).extract().response()).findValuesAsText("id");
    assertThat(newestFirst).containsExactly(ids.get(2), ids.get(1), ids.get(0));

    assertThat(json(given().queryParam("tags", tag).queryParam("order", "asc").queryParam("limit", 2)
        .when().get("/v1/agents/").then().statusCode(200).extract().response()).findValuesAsText("id"))
        .containsExactly(ids.get(0), ids.get(1));
    assertThat(json(given().queryParam("tags", tag).queryParam("order", "asc").queryParam("after", ids.get(0))
        .when().get("/v1/agents/").then().statusCode(200).extract().response()).findValuesAsText("id"))
        .containsExactly(ids.get(1), ids.get(2));
    // As in Letta, "before" means before the cursor in list order: newer agents when newest come first.
    assertThat(json(given().queryParam("tags", tag).queryParam("before", ids.get(0))
        .when().get("/v1/agents/").then().statusCode(200).extract().response()).findValuesAsText("id"))
        .containsExactly(ids.get(2), ids.get(1));
    assertThat(json(given().queryParam("tags", tag, "extra").queryParam("match_all_tags", true)
        .when().get("/v1/agents/").then().statusCode(200).extract().response()).findValuesAsText("id"))
        .containsExactly(ids.get(2));
    assertThat(json(given().queryParam("name", "lister 1 " + tag.substring(5, 13))
        .when().get("/v1/agents/").then().statusCode(200).extract().response()).findValuesAsText("id"))
        .containsExactly(ids.get(1));
    assertThat(json(given().queryParam("query_text", tag.substring(5, 13))
        .when().get("/v1/agents/").then().statusCode(200).extract().response()).findValuesAsText("id"))
        .containsExactlyInAnyOrderElementsOf(ids);

    given().queryParam("limit", "many").when().get("/v1/agents/").then().statusCode(422)
        .body("detail", containsString("limit"));
    given().queryParam("order", "sideways").when().get("/v1/agents/").then().statusCode(422);
  }

  @Test
  void compactionSettingsRoundTripThroughCreateGetAndUpdate() {
    JsonNode plain = createAgent(Map.of());
    assertThat(plain.at("/compaction_settings/mode").asText()).isEqualTo("sliding_window");
    assertThat(plain.at("/compaction_settings/sliding_window_percentage").asDouble()).isEqualTo(0.3);
    assertThat(plain.at("/compaction_settings/clip_chars").asInt()).isEqualTo(50000);
    assertThat(plain.at("/compaction_settings/prompt_acknowledgement").asBoolean(true)).isFalse();

    JsonNode agent = createAgent(Map.of("context_window_limit", 3000, "compaction_settings",
        Map.of("mode", "sliding_window", "sliding_window_percentage", 0.5, "clip_chars", 2000,
            "model", "scripted/scripted-model", "prompt", "Summarize tersely.")));
    assertShape("AgentState", agent);
    assertThat(agent.at("/llm_config/context_window").asInt()).isEqualTo(3000);
    assertThat(agent.at("/compaction_settings/sliding_window_percentage").asDouble()).isEqualTo(0.5);
    assertThat(agent.at("/compaction_settings/clip_chars").asInt()).isEqualTo(2000);
    assertThat(agent.at("/compaction_settings/model").asText()).isEqualTo("scripted/scripted-model");
    assertThat(agent.at("/compaction_settings/prompt").asText()).isEqualTo("Summarize tersely.");
    String id = agent.get("id").asText();
    JsonNode fetched = json(given().when().get("/v1/agents/" + id).then().statusCode(200).extract().response());
    assertThat(fetched.get("compaction_settings")).isEqualTo(agent.get("compaction_settings"));

    // An update replaces the settings as a whole (Letta's model object); other updates leave them alone.
    JsonNode updated = json(given().contentType(ContentType.JSON)
        .body(Map.of("compaction_settings", Map.of("mode", "all"))).when().patch("/v1/agents/" + id)
        .then().statusCode(200).extract().response());
    assertShape("AgentState", updated);
    assertThat(updated.at("/compaction_settings/mode").asText()).isEqualTo("all");
    assertThat(updated.at("/compaction_settings/clip_chars").asInt()).isEqualTo(50000);
    assertThat(updated.at("/compaction_settings/model").isMissingNode()).isTrue();
    given().contentType(ContentType.JSON).body(Map.of("description", "other")).when().patch("/v1/agents/" + id)
        .then().statusCode(200).body("compaction_settings.mode", equalTo("all"));
    given().when().get("/v1/agents/" + id).then().statusCode(200).body("compaction_settings.mode", equalTo("all"));
  }

  @Test
  void invalidCompactionSettingsAreA422NamingTheField() {
    String id = createAgent(Map.of()).get("id").asText();
    List<Map<String, Object>> bad = List.of(
        Map.of("mode", "everything"),
        Map.of("sliding_window_percentage", 0),
        Map.of("sliding_window_percentage", 1.0),
        Map.of("sliding_window_percentage", -0.2),
        Map.of("clip_chars", 0),
        Map.of("model", " "));
    for (Map<String, Object> settings : bad) {
      given().contentType(ContentType.JSON).body(Map.of("compaction_settings", settings)).when().post("/v1/agents/")
          .then().statusCode(422).body("detail", startsWith("compaction_settings."));
      given().contentType(ContentType.JSON).body(Map.of("compaction_settings", settings)).when()
          .patch("/v1/agents/" + id).then().statusCode(422).body("detail", startsWith("compaction_settings."));
    }
    given().contentType(ContentType.JSON).body(Map.of("compaction_settings", Map.of("mode", "everything")))
        .when().post("/v1/agents/").then().body("detail", containsString("'sliding_window'"));
    given().contentType(ContentType.JSON)
        .body(Map.of("compaction_settings", Map.of("sliding_window_percentage", "lots"))).when().post("/v1/agents/")
        .then().statusCode(422);
    given().when().get("/v1/agents/" + id).then().statusCode(200)
        .body("compaction_settings.mode", equalTo("sliding_window"));
  }

  @Test
  void aLegacyLlmConfigKeepsItsContextWindow() {
    JsonNode agent = createAgent(Map.of("llm_config", Map.of("model", "scripted-model", "model_endpoint_type",
        "scripted", "context_window", 5000)));
    assertThat(agent.at("/llm_config/context_window").asInt()).isEqualTo(5000);
    JsonNode limited = createAgent(Map.of("llm_config", Map.of("handle", "scripted/scripted-model",
        "context_window", 5000), "context_window_limit", 2500));
    assertThat(limited.at("/llm_config/context_window").asInt()).isEqualTo(2500);
  }

  @Test
  void updatesTheGivenFieldsOnly() {
    JsonNode created = createAgent(Map.of("name", "before", "description", "keep me", "tags", List.of("a")));
    String id = created.get("id").asText();
    String toolId = created.get("tools").get(0).get("id").asText();

    JsonNode updated = json(given().contentType(ContentType.JSON)
        .body(Map.of("name", "after", "system", "New rules.", "tags", List.of("b", "c"), "tool_ids", List.of(toolId),
            "timezone", "America/New_York", "message_buffer_autoclear", true, "context_window_limit", 4096,
            "metadata", Map.of("k", "v")))
        .when().patch("/v1/agents/" + id).then().statusCode(200).extract().response());

    assertShape("AgentState", updated);
    assertThat(updated.get("name").asText()).isEqualTo("after");
    assertThat(updated.get("description").asText()).isEqualTo("keep me");
    assertThat(updated.get("system").asText()).isEqualTo("New rules.");
    assertThat(updated.get("tags")).extracting(JsonNode::asText).containsExactly("b", "c");
    assertThat(updated.get("tools")).extracting(t -> t.get("id").asText()).containsExactly(toolId);
    assertThat(updated.get("timezone").asText()).isEqualTo("America/New_York");
    assertThat(updated.get("message_buffer_autoclear").asBoolean()).isTrue();
    assertThat(updated.at("/llm_config/context_window").asInt()).isEqualTo(4096);
    assertThat(updated.at("/metadata/k").asText()).isEqualTo("v");
    assertThat(updated.get("updated_at").asText()).isGreaterThanOrEqualTo(created.get("updated_at").asText());

    given().contentType(ContentType.JSON).body(Map.of("model", "nosuch/model")).when().patch("/v1/agents/" + id)
        .then().statusCode(400).body("detail", containsString("nosuch"));
    given().contentType(ContentType.JSON).body(Map.of("name", "bad/name")).when().patch("/v1/agents/" + id)
        .then().statusCode(422);
  }

  @Test
  void deletesAnAgentAndTellsStepRunner() {
    String id = createAgent(Map.of("memory_blocks", List.of(Map.of("label", "persona", "value", "x"))))
        .get("id").asText();

    given().when().delete("/v1/agents/" + id).then().statusCode(200)
        .body("message", equalTo("Agent id=" + id + " successfully deleted"));
    try (Kafka kafka = new Kafka()) {
      assertThat(kafka.awaitInbox(id, AgentDeleted.class, 0).agentId()).isEqualTo(id);
    }
    given().when().get("/v1/agents/" + id).then().statusCode(404).body("detail", equalTo("Agent not found"));
    given().when().delete("/v1/agents/" + id).then().statusCode(404);
  }

  @Test
  void proxiesTheMessageListingToStepRunner() {
    String id = createAgent(Map.of()).get("id").asText();

    given().queryParam("limit", 5).queryParam("after", "message-x").when().get("/v1/agents/" + id + "/messages")
        .then().statusCode(200)
        .body("[0].message_type", equalTo("system_message"))
        .body("[0].content", containsString("limit=5"))
        .body("[0].content", containsString("after=message-x"))
        .body("[0].content", containsString("order=desc"));
    given().when().get("/v1/agents/agent-" + UUID.randomUUID() + "/messages").then().statusCode(404);
  }

  @Test
  void rejectsInvalidRequestsAsLettaDoes() {
    given().when().get("/v1/agents/not-an-id").then().statusCode(422)
        .body("detail", startsWith("String should match pattern"));
    given().when().get("/v1/agents/agent-" + UUID.randomUUID()).then().statusCode(404)
        .body("detail", equalTo("Agent not found"));
    given().when().get("/v1/agents/agent-" + UUID.randomUUID() + "/core-memory/blocks").then().statusCode(404);
    given().contentType(ContentType.JSON).body("{\"name\": ").when().post("/v1/agents/").then().statusCode(422)
        .body("detail", containsString("JSON"));
    given().contentType(ContentType.JSON).body(Map.of("tags", "not-a-list")).when().post("/v1/agents/")
        .then().statusCode(422).body("detail", containsString("tags"));
    given().contentType(ContentType.JSON).body(Map.of("name", "no/slashes")).when().post("/v1/agents/")
        .then().statusCode(422).body("detail", containsString("pattern"));
    given().contentType(ContentType.JSON).body(Map.of("agent_type", "robot")).when().post("/v1/agents/")
        .then().statusCode(422).body("detail", containsString("letta_v1_agent"));
    given().contentType(ContentType.JSON).body(Map.of("model", "nosuch/model")).when().post("/v1/agents/")
        .then().statusCode(400).body("detail", containsString("'nosuch'"));
    given().contentType(ContentType.JSON).body(Map.of("model", "no-slash")).when().post("/v1/agents/")
        .then().statusCode(400).body("detail", containsString("provider/model"));
    given().contentType(ContentType.JSON).body(Map.of("tools", List.of("google_search", "memory_insert")))
        .when().post("/v1/agents/").then().statusCode(400)
        .body("detail", equalTo("Tools not found by name: {'google_search'}"));
    given().contentType(ContentType.JSON).body(Map.of("timezone", "Mars/Olympus")).when().post("/v1/agents/")
        .then().statusCode(422);
    given().contentType(ContentType.JSON).body(Map.of("memory_blocks", List.of(Map.of("label", "persona"))))
        .when().post("/v1/agents/").then().statusCode(422)
        .body("detail", equalTo("blocks.0.value: Field required"));
  }

  private static List<String> names(JsonNode tools) {
    List<String> out = new ArrayList<>();
    tools.forEach(t -> out.add(t.get("name").asText()));
    return out;
  }
}
