package dev.engram.steprunner.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;

import dev.engram.contracts.Ids;
import dev.engram.platform.llm.LlmToolCall;
import dev.engram.steprunner.persistence.ConversationKey;
import dev.engram.steprunner.StepRunnerTestResource;
import dev.engram.steprunner.persistence.MessageRepository;
import dev.engram.steprunner.persistence.StoredMessage;
import dev.engram.steprunner.persistence.StoredMessage.Role;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The internal lookups behind {@code GET /v1/messages/{id}} and {@code GET /v1/runs/{id}/messages}. */
@QuarkusTest
@QuarkusTestResource(StepRunnerTestResource.class)
class MessageLookupTest {
  @Inject
  MessageRepository messages;

  @Test
  void aRunsMessagesArePagedInEitherOrderWithMessageCursors() {
    String agentId = Ids.newId(Ids.AGENT);
    String runId = Ids.newId(Ids.RUN);
    String otherRun = Ids.newId(Ids.RUN);
    String user = Ids.newId(Ids.MESSAGE);
    String call = Ids.newId(Ids.MESSAGE);
    String tool = Ids.newId(Ids.MESSAGE);
    String reply = Ids.newId(Ids.MESSAGE);
    String step = Ids.newId(Ids.STEP);
    messages.insert(ConversationKey.of(agentId), List.of(
        StoredMessage.draft(user, agentId, runId, null, Role.USER, "hello", null, null, null, null, null, null, null),
        StoredMessage.draft(Ids.newId(Ids.MESSAGE), agentId, otherRun, null, Role.USER, "elsewhere", null, null, null,
            null, null, null, null),
        StoredMessage.draft(call, agentId, runId, step, Role.ASSISTANT, null, "thinking", List.of(
            new LlmToolCall("call_1", "archival_memory_search", "{\"query\":\"x\"}")), null, null, null, null, null),
        StoredMessage.draft(tool, agentId, runId, step, Role.TOOL, "nothing found", null, null, "call_1",
            "archival_memory_search", "success", null, null),
        StoredMessage.draft(reply, agentId, runId, step, Role.ASSISTANT, "Hi!", null, null, null, null, null, null,
            null)));
    String base = "/internal/runs/" + runId + "/messages";

    // Oldest first by default; the assistant row with a tool call yields its reasoning and its tool call.
    given().get(base).then().statusCode(200)
        .body("message_type", equalTo(List.of("user_message", "reasoning_message", "tool_call_message",
            "tool_return_message", "assistant_message")))
        .body("run_id.unique()", equalTo(List.of(runId)));
    given().queryParam("order", "desc").queryParam("limit", 1).get(base).then().statusCode(200)
        .body("id", equalTo(List.of(reply)));
    given().queryParam("after", call).get(base).then().statusCode(200).body("id", equalTo(List.of(tool, reply)));
    given().queryParam("before", tool).get(base).then().statusCode(200).body("id", equalTo(List.of(user, call, call)));
    given().queryParam("order", "desc").queryParam("after", tool).get(base).then().statusCode(200)
        .body("id", equalTo(List.of(call, call, user)));
    given().queryParam("after", Ids.newId(Ids.MESSAGE)).get(base).then().statusCode(404);
    given().queryParam("limit", 0).get(base).then().statusCode(422);
    given().get("/internal/runs/" + Ids.newId(Ids.RUN) + "/messages").then().statusCode(200).body("size()", is(0));

    // One stored message: its parts, last first.
    given().get("/internal/messages/" + call).then().statusCode(200)
        .body("message_type", equalTo(List.of("tool_call_message", "reasoning_message")))
        .body("id.unique()", equalTo(List.of(call)));
    given().get("/internal/messages/" + user).then().statusCode(200)
        .body("content", equalTo(List.of("hello")));
    given().get("/internal/messages/" + Ids.newId(Ids.MESSAGE)).then().statusCode(404);
  }
}
