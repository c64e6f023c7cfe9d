package dev.engram.agentapi.approval;

import static dev.engram.agentapi.support.Api.assertShape;
import static dev.engram.agentapi.support.Api.createAgent;
import static dev.engram.agentapi.support.Api.json;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.agentapi.support.AgentApiTestResource;
import dev.engram.agentapi.support.Kafka;
import dev.engram.agentapi.support.PlaysStepRunner;
import dev.engram.contracts.Ids;
import dev.engram.contracts.Json;
import dev.engram.contracts.PendingApprovals;
import dev.engram.contracts.StopReason;
import dev.engram.contracts.api.ApprovalItem;
import dev.engram.contracts.api.InputMessage;
import dev.engram.contracts.api.UsageStatistics;
import dev.engram.contracts.events.MessageReceived;
import dev.engram.contracts.events.RunCompleted;
import dev.engram.contracts.events.RunFailed;
import dev.engram.contracts.events.RunStarted;
import dev.engram.contracts.message.ApprovalRequestMessage;
import dev.engram.contracts.message.AssistantMessage;
import dev.engram.contracts.message.LettaMessage;
import dev.engram.contracts.message.ToolCall;
import dev.engram.contracts.message.ToolReturnMessage;
import dev.engram.contracts.message.ToolReturn;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * agent-api's side of approvals with step-runner played by the test over Kafka: approval and client-tool
 * requests are validated and reach the inbox, a run that stopped for approval shows as the agent's
 * pending_approval, messages meanwhile get Letta's 409 PENDING_APPROVAL (at once, or when step-runner refused a
 * queued one), answers to calls that do not wait are 400s, and the per-tool approval switch edits the rules.
 */
@QuarkusTest
@QuarkusTestResource(AgentApiTestResource.class)
class ApprovalApiTest extends PlaysStepRunner {
  private static final ExecutorService CLIENTS = Executors.newVirtualThreadPerTaskExecutor();
  private static final String DATE = "2026-01-01T00:00:00+00:00";

  @Test
  void aRunThatStopsForApprovalLeavesItPendingUntilTheAnswerRuns() throws Exception {
    String agentId = createAgent(Map.of()).get("id").asText();
    String path = "/v1/agents/" + agentId + "/messages";
    ApprovalRequestMessage request = stopForApproval(agentId, "call-1");

    JsonNode agent = json(given().queryParam("include", "agent.pending_approval").get("/v1/agents/" + agentId)
        .then().statusCode(200).extract().response());
    assertThat(agent.at("/pending_approval/message_type").asText()).isEqualTo("approval_request_message");
    assertThat(agent.at("/pending_approval/id").asText()).isEqualTo(request.id());
    assertShape("ApprovalRequestMessage", agent.get("pending_approval"));
    assertThat(json(given().get("/v1/agents/" + agentId).then().statusCode(200).extract().response())
        .path("pending_approval").isMissingNode()).as("not included").isTrue();

    // A message meanwhile is Letta's 409, before anything is queued.
    post(path, Map.of("input", "hello?")).statusCode(409)
        .body("detail.code", equalTo(PendingApprovals.CODE))
        .body("detail.message", containsString("waiting for approval on a tool call"))
        .body("detail.pending_request_id", equalTo(request.id()));
    // Answers to calls that do not wait, or to another request, are 400s.
    post(path, approval(Map.of("type", "approval", "tool_call_id", "call-9", "approve", true))).statusCode(400)
        .body("detail", containsString("call-9"));
    post(path, Map.of("messages", List.of(Map.of("approve", true, "approval_request_id", "message-other"))))
        .statusCode(400).body("detail", containsString("message-other"));
    assertThat(kafka.seenFor(agentId)).hasSize(1);

    Map<String, Object> deny = Map.of("type", "approval", "otid", "otid-answer", "approvals", List.of(Map.of(
        "type", "approval", "tool_call_id", "call-1", "approve", false, "reason", "not now")));
    Map<String, Object> listFiles = Map.of("name", "list_files", "description", "Lists files.", "parameters",
        Map.of("type", "object", "properties", Map.of("path", Map.of("type", "string"))));
    CompletableFuture<Response> answered = send(agentId, Map.of("messages", List.of(deny, Map.of("role", "user",
        "content", "try something else")), "client_tools", List.of(listFiles)));
    MessageReceived received = kafka.awaitInbox(agentId, MessageReceived.class, 1);
    assertThat(received.answersApproval()).isTrue();
    InputMessage answer = received.messages().getFirst();
    assertThat(answer.approvals()).containsExactly(ApprovalItem.decision("call-1", false, "not now"));
    assertThat(answer.otid()).isEqualTo("otid-answer");
    assertThat(received.messages().get(1).content()).isEqualTo("try something else");
    assertThat(received.clientTools()).singleElement().satisfies(t -> {
      assertThat(t.name()).isEqualTo("list_files");
      assertThat(t.parameters()).containsKey("properties");
    });
    finish(received.runId(), agentId, StopReason.END_TURN, List.of(
        new ToolReturnMessage("message-r", DATE, null, null, null, "step-1", received.runId(), "denied", "error",
            "call-1", List.of(ToolReturn.of("call-1", "error", "denied"))),
        new AssistantMessage("message-a", DATE, null, null, null, "step-2", received.runId(), "Understood.")));
    JsonNode reply = json(answered.get(30, TimeUnit.SECONDS));
    assertThat(reply.at("/stop_reason/stop_reason").asText()).isEqualTo("end_turn");

    JsonNode after = json(given().queryParam("include", "agent.pending_approval").get("/v1/agents/" + agentId)
        .then().statusCode(200).extract().response());
    assertThat(after.path("pending_approval").isMissingNode() || after.get("pending_approval").isNull()).isTrue();
    post(path, approval(Map.of("type", "approval", "tool_call_id", "call-1", "approve", true))).statusCode(400)
        .body("detail", containsString("nothing to answer"));
  }

  @Test
  void aRequestInAConversationBlocksOnlyThatConversationWhichCannotBeDeletedMeanwhile() throws Exception {
    String agentId = createAgent(Map.of()).get("id").asText();
    String conv = json(given().contentType(ContentType.JSON).body(Map.of()).post("/v1/conversations/?agent_id="
        + agentId).then().statusCode(200).extract().response()).get("id").asText();
    String convPath = "/v1/conversations/" + conv + "/messages";
    CompletableFuture<Response> pending = CompletableFuture.supplyAsync(() -> given().contentType(ContentType.JSON)
        .body(Map.of("input", "do it", "streaming", false)).post(convPath).andReturn(), CLIENTS);
    MessageReceived received = kafka.awaitInbox(agentId, MessageReceived.class, 0);
    assertThat(received.conversationId()).isEqualTo(conv);
    ApprovalRequestMessage request = approvalRequest(received.runId(), "call-1");
    finish(received.runId(), agentId, StopReason.REQUIRES_APPROVAL, List.of(request));
    assertThat(json(pending.get(30, TimeUnit.SECONDS)).at("/stop_reason/stop_reason").asText())
        .isEqualTo("requires_approval");

    // The conversation waits: a message there is the 409, deleting it too; the default conversation goes on.
    post(convPath, Map.of("input", "hello?", "streaming", false)).statusCode(409)
        .body("detail.pending_request_id", equalTo(request.id()));
    given().delete("/v1/conversations/" + conv).then().statusCode(409)
        .body("detail", containsString(request.id()));
    JsonNode agent = json(given().queryParam("include", "agent.pending_approval").get("/v1/agents/" + agentId)
        .then().statusCode(200).extract().response());
    assertThat(agent.path("pending_approval").isMissingNode() || agent.get("pending_approval").isNull())
        .as("the default conversation waits for nothing").isTrue();
    CompletableFuture<Response> elsewhere = send(agentId, Map.of("input", "meanwhile"));
    MessageReceived other = kafka.awaitInbox(agentId, MessageReceived.class, 1);
    assertThat(other.conversationId()).isNull();
    finish(other.runId(), agentId, StopReason.END_TURN, List.of(
        new AssistantMessage("message-m", DATE, null, null, null, "step-m", other.runId(), "Sure.")));
    assertThat(elsewhere.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    // An answer in the default conversation has nothing to answer there.
    post("/v1/agents/" + agentId + "/messages", approval(Map.of("type", "approval", "tool_call_id", "call-1",
        "approve", true))).statusCode(400).body("detail", containsString("default conversation"));
  }

  @Test
  void aMessageQueuedBeforeTheStopIsRefusedByStepRunnerWithThe409() throws Exception {
    String agentId = createAgent(Map.of()).get("id").asText();
    CompletableFuture<Response> first = send(agentId, Map.of("input", "do it"));
    MessageReceived stopping = kafka.awaitInbox(agentId, MessageReceived.class, 0);
    // Accepted while the first run is still going: nothing is pending yet, so it is queued.
    CompletableFuture<Response> queued = send(agentId, Map.of("input", "and this"));
    MessageReceived refused = kafka.awaitInbox(agentId, MessageReceived.class, 1);

    ApprovalRequestMessage request = approvalRequest(stopping.runId(), "call-2");
    finish(stopping.runId(), agentId, StopReason.REQUIRES_APPROVAL, List.of(request));
    JsonNode stopped = json(first.get(30, TimeUnit.SECONDS));
    // step-runner's worker refuses the queued run when it reaches it.
    kafka.produce(new RunFailed(Ids.newId(Ids.EVENT), agentId, refused.runId(), StopReason.ERROR,
        PendingApprovals.PENDING_ERROR_TYPE, PendingApprovals.MESSAGE, List.of(), UsageStatistics.ZERO,
        Instant.now()));

    assertThat(stopped.at("/stop_reason/stop_reason").asText()).isEqualTo("requires_approval");
    assertThat(stopped.at("/messages/0/message_type").asText()).isEqualTo("approval_request_message");
    assertThat(stopped.at("/messages/0/tool_call/tool_call_id").asText()).isEqualTo("call-2");
    Response conflict = queued.get(30, TimeUnit.SECONDS);
    assertThat(conflict.statusCode()).isEqualTo(409);
    assertThat(conflict.jsonPath().getString("detail.code")).isEqualTo(PendingApprovals.CODE);
    assertThat(conflict.jsonPath().getString("detail.pending_request_id")).isEqualTo(request.id());
    // The refused run changed nothing: the request is still pending.
    post("/v1/agents/" + agentId + "/messages", Map.of("input", "again")).statusCode(409);
  }

  @Test
  void approvalRequestsAreValidatedAsLettaDoes() {
    String agentId = createAgent(Map.of()).get("id").asText();
    String path = "/v1/agents/" + agentId + "/messages";

    post(path, Map.of("messages", List.of(Map.of("type", "approval", "approvals", List.of())))).statusCode(422);
    post(path, approval(Map.of("type", "approval", "tool_call_id", "c", "approve", "yes"))).statusCode(422)
        .body("detail", containsString("approve"));
    post(path, approval(Map.of("type", "approval", "approve", true))).statusCode(422)
        .body("detail", containsString("tool_call_id"));
    post(path, approval(Map.of("type", "tool", "tool_call_id", "c", "tool_return", "x"))).statusCode(422)
        .body("detail", containsString("status"));
    post(path, approval(Map.of("type", "tool", "tool_call_id", "c", "tool_return", "x", "status", "ok")))
        .statusCode(422);
    post(path, approval(Map.of("type", "bogus", "tool_call_id", "c"))).statusCode(422)
        .body("detail", containsString("'approval', 'tool'"));
    post(path, Map.of("messages", List.of(Map.of("role", "user", "content", "hi"),
        Map.of("type", "approval", "approve", true)))).statusCode(422).body("detail", containsString("first"));
    post(path, Map.of("input", "hi", "client_tools", List.of(Map.of("description", "no name")))).statusCode(422)
        .body("detail", containsString("client_tools.0.name"));
    post(path, Map.of("input", "hi", "client_tools", List.of(Map.of("name", "a", "parameters", "x"))))
        .statusCode(422).body("detail", containsString("parameters"));
    post(path, Map.of("input", "hi", "client_tools", List.of(Map.of("name", "a"), Map.of("name", "a"))))
        .statusCode(422);
    // Well-formed, but nothing waits: Letta's rejection of an answer to nothing.
    post(path, approval(Map.of("type", "tool", "tool_call_id", "c", "tool_return", List.of(Map.of("type", "text",
        "text", "x")), "status", "success"))).statusCode(400).body("detail", containsString("nothing to answer"));
    post(path, Map.of("messages", List.of(Map.of("type", "tool_return", "tool_returns", List.of(Map.of(
        "tool_call_id", "c", "tool_return", "x", "status", "success")))))).statusCode(400);
    assertThat(kafka.seenFor(agentId)).isEmpty();
  }

  @Test
  void theApprovalSwitchOfAToolAddsAndRemovesItsRule() throws Exception {
    String agentId = createAgent(Map.of()).get("id").asText();
    String base = "/v1/agents/" + agentId + "/tools/approval/";

    given().contentType(ContentType.JSON).body(Map.of("requires_approval", true)).patch(base + "memory_insert")
        .then().statusCode(200).body(equalTo("null"));
    given().contentType(ContentType.JSON).body(Map.of("body_requires_approval", true)).patch(base + "memory_replace")
        .then().statusCode(200);
    assertThat(approvalRules(agentId)).containsExactlyInAnyOrder("memory_insert", "memory_replace");
    CompletableFuture<Response> pending = send(agentId, Map.of("input", "go"));
    MessageReceived received = kafka.awaitInbox(agentId, MessageReceived.class, 0);
    assertThat(received.agent().rules()).extracting(r -> r.type() + ":" + r.toolName())
        .contains("requires_approval:memory_insert", "requires_approval:memory_replace");
    finish(received.runId(), agentId, StopReason.END_TURN, List.of());
    assertThat(pending.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);

    given().contentType(ContentType.JSON).body(Map.of("requires_approval", false)).patch(base + "memory_insert")
        .then().statusCode(200);
    given().contentType(ContentType.JSON).queryParam("requires_approval", "false").patch(base + "memory_replace")
        .then().statusCode(200);
    assertThat(approvalRules(agentId)).isEmpty();

    given().contentType(ContentType.JSON).body(Map.of("requires_approval", true)).patch(base + "web_search")
        .then().statusCode(404).body("detail", containsString("web_search"));
    given().contentType(ContentType.JSON).body(Map.of("requires_approval", "yes")).patch(base + "memory_insert")
        .then().statusCode(422);
    given().contentType(ContentType.JSON).body(Map.of("requires_approval", true, "extra", 1))
        .patch(base + "memory_insert").then().statusCode(422).body("detail", containsString("extra"));
    given().contentType(ContentType.JSON).body(Map.of()).patch(base + "memory_insert").then().statusCode(422);
    given().contentType(ContentType.JSON).body(Map.of("requires_approval", true))
        .patch("/v1/agents/agent-00000000-0000-4000-8000-000000000000/tools/approval/memory_insert")
        .then().statusCode(404);
  }

  @Test
  void aToolThatRequiresApprovalByDefaultGetsItsRuleOnNewAgents() {
    String name = "careful_" + Long.toHexString(System.nanoTime());
    JsonNode tool = json(given().contentType(ContentType.JSON).body(Map.of("source_code", "def " + name
            + "(path: str) -> str:\n    \"\"\"Deletes a file.\n\n    Args:\n        path: The file.\n    \"\"\"\n"
            + "    return path\n", "default_requires_approval", true))
        .post("/v1/tools/").then().statusCode(200).extract().response());
    String agentId = createAgent(Map.of("tool_ids", List.of(tool.get("id").asText()))).get("id").asText();
    assertThat(approvalRules(agentId)).containsExactly(name);
  }

  private static List<String> approvalRules(String agentId) {
    JsonNode agent = json(given().get("/v1/agents/" + agentId).then().statusCode(200).extract().response());
    List<String> names = new java.util.ArrayList<>();
    agent.get("tool_rules").forEach(r -> {
      if (r.get("type").asText().equals("requires_approval")) {
        names.add(r.get("tool_name").asText());
      }
    });
    return names;
  }

  @Test
  void anAnswerCancelledBeforeItRanLeavesTheRequestPendingAsStepRunnerSays() throws Exception {
    String agentId = createAgent(Map.of()).get("id").asText();
    ApprovalRequestMessage request = stopForApproval(agentId, "call-1");
    String stepRunner = ConfigProvider.getConfig().getValue("quarkus.rest-client.step-runner.url", String.class);
    given().contentType(ContentType.JSON).body(Json.write(request)).when()
        .put(stepRunner + "/internal/agents/" + agentId + "/pending-approval").then().statusCode(204);

    // The answer is queued, then cancelled before step-runner applied it: the request still waits there.
    CompletableFuture<Response> answered = send(agentId,
        approval(Map.of("type", "approval", "tool_call_id", "call-1", "approve", true)));
    MessageReceived received = kafka.awaitInbox(agentId, MessageReceived.class, 1);
    finish(received.runId(), agentId, StopReason.CANCELLED, List.of());
    answered.get(30, TimeUnit.SECONDS);

    JsonNode agent = json(given().queryParam("include", "agent.pending_approval").get("/v1/agents/" + agentId)
        .then().statusCode(200).extract().response());
    assertThat(agent.at("/pending_approval/id").asText()).as("still pending after the cancelled answer")
        .isEqualTo(request.id());
    post("/v1/agents/" + agentId + "/messages", Map.of("input", "hello?")).statusCode(409)
        .body("detail.pending_request_id", equalTo(request.id()));
    // A second answer is accepted (not a 400 "nothing to answer").
    send(agentId, approval(Map.of("type", "approval", "tool_call_id", "call-1", "approve", true)));
    assertThat(kafka.awaitInbox(agentId, MessageReceived.class, 2).answersApproval()).isTrue();
  }

  /** Plays a send whose run stops for approval of one call; returns the request it left pending. */
  private ApprovalRequestMessage stopForApproval(String agentId, String callId) throws Exception {
    CompletableFuture<Response> pending = send(agentId, Map.of("input", "do it"));
    MessageReceived received = kafka.awaitInbox(agentId, MessageReceived.class, 0);
    ApprovalRequestMessage request = approvalRequest(received.runId(), callId);
    finish(received.runId(), agentId, StopReason.REQUIRES_APPROVAL, List.of(request));
    JsonNode answer = json(pending.get(30, TimeUnit.SECONDS));
    assertShape("LettaResponse", answer);
    assertThat(answer.at("/stop_reason/stop_reason").asText()).isEqualTo("requires_approval");
    return request;
  }

  private static ApprovalRequestMessage approvalRequest(String runId, String callId) {
    ToolCall call = new ToolCall("memory_insert", "{\"label\":\"human\",\"new_string\":\"x\"}", callId);
    return new ApprovalRequestMessage(Ids.newId(Ids.MESSAGE), DATE, null, null, null, "step-1", runId, call,
        List.of(call));
  }

  private void finish(String runId, String agentId, StopReason stop, List<LettaMessage> messages) {
    kafka.produce(new RunStarted(Ids.newId(Ids.EVENT), agentId, runId, Instant.now()),
        new RunCompleted(Ids.newId(Ids.EVENT), agentId, runId, stop, messages, new UsageStatistics(1, 2, 3, 1),
            Instant.now()));
  }

  private static Map<String, Object> approval(Map<String, Object> item) {
    return Map.of("messages", List.of(Map.of("type", "approval", "approvals", List.of(item))));
  }

  private static CompletableFuture<Response> send(String agentId, Map<String, Object> body) {
    return CompletableFuture.supplyAsync(() -> given().contentType(ContentType.JSON).body(body).when()
        .post("/v1/agents/" + agentId + "/messages").andReturn(), CLIENTS);
  }

  private static ValidatableResponse post(String path, Map<String, Object> body) {
    return given().contentType(ContentType.JSON).body(body).when().post(path).then();
  }
}
