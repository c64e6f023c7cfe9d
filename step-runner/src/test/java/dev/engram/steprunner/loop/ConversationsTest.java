package dev.engram.steprunner.loop;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.contracts.Ids;
import dev.engram.contracts.Json;
import dev.engram.contracts.StopReason;
import dev.engram.contracts.api.AgentSnapshot;
import dev.engram.contracts.api.InputMessage;
import dev.engram.contracts.api.LlmConfig;
import dev.engram.contracts.api.ToolDefinition;
import dev.engram.contracts.events.MessageReceived;
import dev.engram.contracts.events.RunCompleted;
import dev.engram.contracts.events.RunEvent;
import dev.engram.steprunner.StepRunnerTestResource;
import dev.engram.steprunner.StepRunnerTopics;
import dev.engram.steprunner.persistence.ConversationKey;
import dev.engram.steprunner.persistence.MessageRepository;
import dev.engram.steprunner.persistence.StoredMessage;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Conversations: each {@code conv-…} conversation of an agent has its own context window and system message, while
 * the agent's history lists them all; memory blocks stay the agent's, shared by every conversation, except for a
 * conversation's private copies (isolated blocks), which only that conversation shows and edits.
 */
@QuarkusTest
@QuarkusTestResource(StepRunnerTestResource.class)
class ConversationsTest {
  private static final ToolDefinition MEMORY_INSERT =
      StepRunnerTopics.memoryInsert(ToolDefinition.LETTA_SLEEPTIME_CORE);

  private static StepRunnerTopics topics;

  @Inject
  MessageRepository messages;

  @BeforeAll
  static void connect() {
    topics = StepRunnerTopics.open();
    topics.runEvents();
  }

  @AfterAll
  static void disconnect() {
    topics.close();
  }

  private static RunCompleted send(String agentId, String conversationId, String text) {
    var agent = new AgentSnapshot(agentId, "talker", "letta_v1_agent", "You talk.",
        new LlmConfig("scripted-model", "openai", null, 32768, "scripted/scripted-model", "scripted", "base", null,
            null, false), List.of(MEMORY_INSERT), "UTC", null, List.of(), false);
    var event = new MessageReceived(Ids.newId(Ids.EVENT), agentId, Ids.newId(Ids.RUN), agent,
        List.of(new InputMessage("user", text, null, null)), 10, Instant.now(), null, false, null, conversationId);
    topics.publish(agentId, event);
    topics.flush();
    await().atMost(Duration.ofSeconds(60)).until(() -> topics.end(event.runId()) != null);
    RunEvent end = topics.end(event.runId());
    assertThat(end).isInstanceOf(RunCompleted.class);
    assertThat(((RunCompleted) end).stopReason()).isEqualTo(StopReason.END_TURN);
    return (RunCompleted) end;
  }

  @Test
  void aConversationHasItsOwnWindowAndSystemMessageButSharesTheAgentsMemory() throws Exception {
    String agentId = StepRunnerTopics.newAgent();
    String conversation = "conv-" + UUID.randomUUID();
    String bulky = "x".repeat(4000);

    RunCompleted first = send(agentId, null, "remember this: " + bulky + " <<script>>[{\"tool\":\"memory_insert\","
        + "\"args\":{\"label\":\"human\",\"new_string\":\"Likes tea\"}},{\"text\":\"Noted.\"}]<</script>>");
    RunCompleted elsewhere = send(agentId, conversation, "hello from a new conversation");
    RunCompleted again = send(agentId, null, "and again");

    // The new conversation's model request holds neither the default conversation's bulky message nor its steps.
    assertThat(elsewhere.usage().promptTokens()).as("prompt of the conversation's first turn")
        .isLessThan(again.usage().promptTokens() - 800);
    assertThat(first.usage().stepCount()).isEqualTo(2);

    List<StoredMessage> window = messages.inContext(new ConversationKey(agentId, conversation));
    assertThat(window).extracting(StoredMessage::role).containsExactly(StoredMessage.Role.SYSTEM,
        StoredMessage.Role.USER, StoredMessage.Role.ASSISTANT);
    String prompt = window.getFirst().content();
    assertThat(prompt).contains("- CONVERSATION_ID: " + conversation).contains("Likes tea");
    assertThat(window.get(2).content()).isEqualTo("Echo: hello from a new conversation");

    List<StoredMessage> defaults = messages.inContext(ConversationKey.of(agentId));
    assertThat(defaults.getFirst().content()).contains("- CONVERSATION_ID: default");
    assertThat(defaults).extracting(StoredMessage::content).doesNotContain("hello from a new conversation");
    assertThat(defaults.getFirst().id()).isNotEqualTo(window.getFirst().id());

    // Listings: one conversation, the default one, or all of the agent's messages.
    String base = "/internal/agents/" + agentId + "/messages";
    given().queryParam("conversation_id", conversation).queryParam("order", "asc").get(base).then().statusCode(200)
        .body("message_type", equalTo(List.of("system_message", "user_message", "assistant_message")))
        .body("content[1]", equalTo("hello from a new conversation"))
        .body("content[2]", equalTo("Echo: hello from a new conversation"));
    given().queryParam("conversation_id", "default").queryParam("limit", 1000).get(base).then().statusCode(200)
        .body("content", not(hasItem("hello from a new conversation")))
        .body("content", hasItem("and again"));
    given().queryParam("limit", 1000).get(base).then().statusCode(200)
        .body("content", hasItem("hello from a new conversation"))
        .body("content", hasItem("and again"));

    given().get("/internal/agents/" + agentId + "/conversations/" + conversation + "/in-context").then()
        .statusCode(200).body("", equalTo(window.stream().map(StoredMessage::id).toList()));
    given().get("/internal/agents/" + agentId + "/conversations/conv-" + UUID.randomUUID()
        + "/in-context").then().statusCode(200).body("size()", equalTo(0));
  }

  @Test
  void aForkCopiesTheWindowUpToAMessageAndGoesOnByItself() throws Exception {
    String agentId = StepRunnerTopics.newAgent();
    String source = "conv-" + UUID.randomUUID();
    String fork = "conv-" + UUID.randomUUID();
    send(agentId, source, "first question");
    send(agentId, source, "second question");
    List<StoredMessage> window = messages.inContext(new ConversationKey(agentId, source));
    assertThat(window).hasSize(5);
    String firstReply = window.get(2).id();

    List<String> copied = given().contentType("application/json")
        .body(Map.of("conversation_id", fork, "message_id", firstReply))
        .post("/internal/agents/" + agentId + "/conversations/" + source + "/fork")
        .then().statusCode(200).extract().jsonPath().getList("", String.class);

    List<StoredMessage> forked = messages.inContext(new ConversationKey(agentId, fork));
    assertThat(forked).extracting(StoredMessage::id).isEqualTo(copied);
    assertThat(forked).extracting(StoredMessage::content).containsExactly(window.get(0).content(), "first question",
        "Echo: first question");
    assertThat(copied).doesNotContainAnyElementsOf(window.stream().map(StoredMessage::id).toList());
    assertThat(forked).allSatisfy(m -> assertThat(m.runId()).as("a copy belongs to no run").isNull());
    given().get("/internal/runs/" + window.get(1).runId() + "/messages").then().statusCode(200)
        .body("id", not(hasItem(copied.get(1))));

    send(agentId, fork, "a different second question");
    assertThat(messages.inContext(new ConversationKey(agentId, fork))).extracting(StoredMessage::content)
        .endsWith("a different second question", "Echo: a different second question")
        .doesNotContain("second question");
    assertThat(messages.inContext(new ConversationKey(agentId, fork)).getFirst().content())
        .contains("- CONVERSATION_ID: " + fork);
    assertThat(messages.inContext(new ConversationKey(agentId, source))).hasSize(5);

    // Forking into a conversation that has messages, or from a message outside the window, is refused.
    given().contentType("application/json").body(Map.of("conversation_id", fork))
        .post("/internal/agents/" + agentId + "/conversations/" + source + "/fork").then().statusCode(409);
    given().contentType("application/json").body(Map.of("conversation_id", "conv-" + UUID.randomUUID(),
            "message_id", "message-" + UUID.randomUUID()))
        .post("/internal/agents/" + agentId + "/conversations/" + source + "/fork").then().statusCode(404);
    given().contentType("application/json").body(Map.of())
        .post("/internal/agents/" + agentId + "/conversations/" + source + "/fork").then().statusCode(422);
  }
  private static HttpResponse<String> memoryService(HttpRequest.Builder request) throws Exception {
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static URI memoryUri(String path) {
    return URI.create(ConfigProvider.getConfig().getValue("quarkus.rest-client.memory-service.url", String.class)
        + path);
  }

  private static String blockValue(String path) throws Exception {
    HttpResponse<String> block = memoryService(HttpRequest.newBuilder(memoryUri(path)));
    assertThat(block.statusCode()).as(block.body()).isEqualTo(200);
    return Json.MAPPER.readTree(block.body()).get("value").asText();
  }

  private String systemPrompt(String agentId, String conversationId) {
    List<StoredMessage> window = messages.inContext(new ConversationKey(agentId, conversationId));
    assertThat(window.getFirst().role()).isEqualTo(StoredMessage.Role.SYSTEM);
    return window.getFirst().content();
  }

  @Test
  void aConversationsMemoryToolEditsItsPrivateCopyOnly() throws Exception {
    String agentId = StepRunnerTopics.newAgent();
    String conversation = "conv-" + UUID.randomUUID();
    // Both conversations run once first, so their views of memory are cached before the copy exists.
    send(agentId, null, "hello");
    send(agentId, conversation, "hello there");

    HttpResponse<String> isolated = memoryService(HttpRequest.newBuilder(
            memoryUri("/internal/agents/" + agentId + "/conversations/" + conversation + "/isolated-blocks"))
        .header("content-type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString("{\"labels\":[\"human\"]}")));
    assertThat(isolated.statusCode()).as(isolated.body()).isEqualTo(200);
    JsonNode copies = Json.MAPPER.readTree(isolated.body());
    assertThat(copies).hasSize(1);
    String copyId = copies.get(0).get("block_id").asText();

    send(agentId, conversation, "remember <<script>>[{\"tool\":\"memory_insert\",\"args\":{\"label\":\"human\","
        + "\"new_string\":\"Likes tea\"}},{\"text\":\"Noted.\"}]<</script>>");
    send(agentId, null, "and in the default conversation?");

    assertThat(systemPrompt(agentId, conversation)).contains("Name: unknown\nLikes tea");
    assertThat(systemPrompt(agentId, ConversationKey.DEFAULT)).contains("Name: unknown").doesNotContain("Likes tea");
    assertThat(blockValue("/v1/blocks/" + copyId)).isEqualTo("Name: unknown\nLikes tea");
    assertThat(blockValue("/internal/agents/" + agentId + "/blocks/human")).isEqualTo("Name: unknown");

    // Another conversation without copies sees the agent's block.
    String other = "conv-" + UUID.randomUUID();
    send(agentId, other, "hi");
    assertThat(systemPrompt(agentId, other)).contains("Name: unknown").doesNotContain("Likes tea");
  }
}
