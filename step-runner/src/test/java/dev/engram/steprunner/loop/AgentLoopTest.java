package dev.engram.steprunner.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.engram.contracts.Ids;
import dev.engram.contracts.Json;
import dev.engram.contracts.StopReason;
import dev.engram.contracts.api.AgentSnapshot;
import dev.engram.contracts.api.InputMessage;
import dev.engram.contracts.api.LlmConfig;
import dev.engram.contracts.api.ToolDefinition;
import dev.engram.contracts.api.ToolRule;
import dev.engram.contracts.events.MessageReceived;
import dev.engram.contracts.events.RunCompleted;
import dev.engram.contracts.events.RunEvent;
import dev.engram.contracts.events.RunFailed;
import dev.engram.contracts.message.AssistantMessage;
import dev.engram.contracts.message.LettaMessage;
import dev.engram.contracts.message.ToolCallMessage;
import dev.engram.contracts.message.ToolReturnMessage;
import dev.engram.contracts.message.UserMessage;
import dev.engram.steprunner.persistence.ConversationKey;
import dev.engram.steprunner.StepRunnerTestResource;
import dev.engram.steprunner.StepRunnerTopics;
import dev.engram.steprunner.persistence.MessageRepository;
import dev.engram.steprunner.persistence.StoredMessage;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The agent loop's semantics against the real infrastructure and the scripted model: both loops
 * (v3 and legacy heartbeats), send_message, max_steps, every tool rule kind, return limits and autoclear.
 */
@QuarkusTest
@QuarkusTestResource(StepRunnerTestResource.class)
class AgentLoopTest {
  private static final ToolDefinition MEMORY_INSERT =
      StepRunnerTopics.memoryInsert(ToolDefinition.LETTA_SLEEPTIME_CORE);
  private static final ToolDefinition SEARCH = new ToolDefinition("tool-2", "conversation_search",
      "Search the conversation.", ToolDefinition.LETTA_CORE, Map.of("name", "conversation_search",
      "parameters", Map.of("type", "object", "properties", Map.of("query", Map.of("type", "string")))), 5);
  private static final ToolDefinition SEND = new ToolDefinition("tool-3", "send_message", "Reply to the user.",
      ToolDefinition.LETTA_CORE, Map.of("name", "send_message", "parameters", Map.of("type", "object",
      "properties", Map.of("message", Map.of("type", "string")), "required", List.of("message"))), null);
  private static final List<ToolDefinition> TOOLS = List.of(MEMORY_INSERT, SEARCH, SEND);
  private static final String INSERT = "{\"tool\":\"memory_insert\",\"args\":{\"label\":\"human\",\"new_string\":"
      + "\"Likes tea\"}}";
  private static final String SEARCH_CALL = "{\"tool\":\"conversation_search\",\"args\":{\"query\":\"tea\"}}";

  private static StepRunnerTopics topics;
  private static List<RunEvent> RUN_EVENTS;

  @Inject
  MessageRepository messages;

  @BeforeAll
  static void connect() {
    topics = StepRunnerTopics.open();
    RUN_EVENTS = topics.runEvents();
  }

  @AfterAll
  static void disconnect() {
    topics.close();
  }

  private static String newAgent() throws Exception {
    return StepRunnerTopics.newAgent();
  }

  private static RunEvent run(String agentId, String type, List<ToolDefinition> tools, List<ToolRule> rules,
      boolean autoclear, int maxSteps, String text) {
    var agent = new AgentSnapshot(agentId, "loop", type, "You test loops.",
        new LlmConfig("scripted-model", "openai", null, 32768, "scripted/scripted-model", "scripted", "base", null,
            null, false), tools, "UTC", null, rules, autoclear);
    var event = new MessageReceived(Ids.newId(Ids.EVENT), agentId, Ids.newId(Ids.RUN), agent,
        List.of(new InputMessage("user", text, null, null)), maxSteps, Instant.now());
    topics.publish(agentId, event);
    topics.flush();
    await().atMost(Duration.ofSeconds(60)).until(() -> end(event.runId()) != null);
    return end(event.runId());
  }

  private static RunEvent run(String type, List<ToolRule> rules, String script) throws Exception {
    return run(newAgent(), type, TOOLS, rules, false, 10, "go <<script>>[" + script + "]<</script>>");
  }

  private static RunEvent end(String runId) {
    return topics.end(runId);
  }

  private static RunCompleted completed(RunEvent end, StopReason stop, int steps) {
    assertThat(end).isInstanceOf(RunCompleted.class);
    RunCompleted done = (RunCompleted) end;
    assertThat(done.stopReason()).isEqualTo(stop);
    assertThat(done.usage().stepCount()).isEqualTo(steps);
    return done;
  }

  private static List<String> types(RunCompleted done) {
    return done.messages().stream().map(AgentLoopTest::typeOf).toList();
  }

  private static String typeOf(LettaMessage m) {
    return switch (m) {
      case AssistantMessage a -> "assistant_message";
      case UserMessage u -> "user_message";
      case ToolCallMessage c -> "tool_call_message";
      case ToolReturnMessage r -> "tool_return_message";
      default -> m.getClass().getSimpleName();
    };
  }

  private static List<ToolReturnMessage> returns(RunCompleted done) {
    return done.messages().stream().filter(ToolReturnMessage.class::isInstance).map(ToolReturnMessage.class::cast)
        .toList();
  }

  @Test
  void legacyAgentsContinueOnRequestHeartbeatAndReplyWithSendMessage() throws Exception {
    RunCompleted done = completed(run("memgpt_agent", List.of(),
        "{\"tool\":\"memory_insert\",\"args\":{\"label\":\"human\",\"new_string\":\"Likes tea\","
            + "\"request_heartbeat\":true}}, {\"tool\":\"send_message\",\"args\":{\"message\":\"Noted!\","
            + "\"request_heartbeat\":false}}, {\"text\":\"never reached\"}"), StopReason.END_TURN, 2);

    assertThat(types(done)).containsExactly("tool_call_message", "tool_return_message", "user_message",
        "assistant_message", "tool_return_message");
    assertThat(returns(done).get(0).status()).as(returns(done).get(0).toolReturn()).isEqualTo("success");
    assertThat(done.messages().get(0)).isInstanceOfSatisfying(ToolCallMessage.class,
        c -> assertThat(c.toolCall().arguments()).as("stored as the model sent it").contains("request_heartbeat"));
    UserMessage heartbeat = (UserMessage) done.messages().get(2);
    var body = Json.MAPPER.readTree(heartbeat.content());
    assertThat(body.path("type").asText()).isEqualTo("heartbeat");
    assertThat(body.path("reason").asText()).contains("request_heartbeat=true");
    assertThat(body.path("time").asText()).isNotBlank();
    assertThat(((AssistantMessage) done.messages().get(3)).content()).isEqualTo("Noted!");
    assertThat(returns(done).get(1).toolReturn()).isEqualTo("Sent message successfully.");
  }

  @Test
  void aLegacyToolCallWithoutHeartbeatEndsTheTurnAndATerminalSendMessageIsATurnEnd() throws Exception {
    completed(run("memgpt_v2_agent", List.of(), INSERT.replace("}}", "},\"request_heartbeat\":false}")
        .replace("\"Likes tea\"}", "\"Likes tea\",\"request_heartbeat\":false}") + ", {\"text\":\"never\"}"),
        StopReason.END_TURN, 1);
    completed(run("memgpt_agent", List.of(ToolRule.of(ToolRule.EXIT_LOOP, "send_message")),
        "{\"tool\":\"send_message\",\"args\":{\"message\":\"Hi\"}}, {\"text\":\"never\"}"), StopReason.END_TURN, 1);
  }

  @Test
  void aLegacyAgentThatAnswersWithoutAToolCallFailsWithNoToolCall() throws Exception {
    RunEvent end = run(newAgent(), "react_agent", TOOLS, List.of(), false, 10, "plain text please");
    assertThat(end).isInstanceOfSatisfying(RunFailed.class,
        f -> assertThat(f.stopReason()).isEqualTo(StopReason.NO_TOOL_CALL));
  }

  @Test
  void aLegacyToolFailureReturnsControlToTheModel() throws Exception {
    RunCompleted done = completed(run("memgpt_agent", List.of(),
        "{\"tool\":\"memory_insert\",\"args\":{\"label\":\"nope\",\"new_string\":\"x\",\"request_heartbeat\":false}},"
            + " {\"tool\":\"send_message\",\"args\":{\"message\":\"Sorry\",\"request_heartbeat\":false}}"),
        StopReason.END_TURN, 2);
    assertThat(returns(done).get(0).status()).isEqualTo("error");
  }

  @Test
  void maxStepsStopsALoopingAgent() throws Exception {
    RunEvent end = run(newAgent(), "letta_v1_agent", TOOLS, List.of(), false, 2,
        "go <<script>>[" + SEARCH_CALL + ", " + SEARCH_CALL + ", " + SEARCH_CALL + "]<</script>>");
    completed(end, StopReason.MAX_STEPS, 2);
  }

  @Test
  void aTurnThatEndsOnItsLastAllowedStepKeepsItsOwnStopReason() throws Exception {
    completed(run(newAgent(), "memgpt_agent", TOOLS, List.of(ToolRule.of(ToolRule.EXIT_LOOP, "send_message")), false,
        1, "go <<script>>[{\"tool\":\"send_message\",\"args\":{\"message\":\"Hi\"}}]<</script>>"),
        StopReason.END_TURN, 1);
    completed(run(newAgent(), "letta_v1_agent", TOOLS, List.of(ToolRule.of(ToolRule.EXIT_LOOP, "memory_insert")),
        false, 1, "go <<script>>[" + INSERT + "]<</script>>"), StopReason.TOOL_RULE, 1);
  }

  @Test
  void aTerminalToolEndsTheV3LoopWithToolRule() throws Exception {
    completed(run("letta_v1_agent", List.of(ToolRule.of(ToolRule.EXIT_LOOP, "memory_insert")),
        INSERT + ", {\"text\":\"never\"}"), StopReason.TOOL_RULE, 1);
  }

  @Test
  void theRulesAreInTheSystemPromptTheModelReads() throws Exception {
    String agentId = newAgent();
    completed(run(agentId, "letta_v1_agent", TOOLS, List.of(ToolRule.of(ToolRule.EXIT_LOOP, "memory_insert")), false,
        10, "hello"), StopReason.END_TURN, 1);
    String system = io.restassured.RestAssured.given()
        .get("/internal/agents/" + agentId + "/messages?order=asc&limit=1")
        .then().statusCode(200).extract().jsonPath().getString("[0].content");
    assertThat(system).contains("\n\n<tool_usage_rules>\n").contains("<tool_rule>\nCalling memory_insert ends your turn")
        .contains("</tool_usage_rules>\n\n<memory_metadata>");
  }

  @Test
  void aContinueRuleKeepsALegacyLoopGoingWithoutHeartbeat() throws Exception {
    RunCompleted done = completed(run("memgpt_agent", List.of(ToolRule.of(ToolRule.CONTINUE_LOOP, "memory_insert")),
        INSERT + ", {\"tool\":\"send_message\",\"args\":{\"message\":\"ok\"}}"), StopReason.END_TURN, 2);
    assertThat(((UserMessage) done.messages().get(2)).content()).contains("rule keeps the turn going");
  }

  @Test
  void aCallOverItsMaxCountIsRefusedWithAToolConstraintErrorAndTheLoopGoesOn() throws Exception {
    RunCompleted done = completed(run("letta_v1_agent", List.of(ToolRule.maxCount("conversation_search", 1)),
        SEARCH_CALL + ", " + SEARCH_CALL + ", {\"text\":\"ok\"}"), StopReason.END_TURN, 3);
    ToolReturnMessage refused = returns(done).get(1);
    assertThat(refused.status()).isEqualTo("error");
    assertThat(refused.toolReturn()).startsWith("[ToolConstraintError] Cannot call conversation_search, valid tools "
        + "include: ['memory_insert', 'send_message'].");
  }

  @Test
  void runFirstForcesTheNamedToolOnTheFirstStep() throws Exception {
    List<ToolRule> rules = List.of(ToolRule.of(ToolRule.RUN_FIRST, "conversation_search"));
    RunEvent wrong = run("letta_v1_agent", rules, INSERT);
    assertThat(wrong).isInstanceOfSatisfying(RunFailed.class, f -> {
      assertThat(f.stopReason()).isEqualTo(StopReason.LLM_API_ERROR);
      assertThat(f.errorMessage()).contains("tool_choice names the function conversation_search");
    });
    completed(run("letta_v1_agent", rules, SEARCH_CALL + ", " + INSERT + ", {\"text\":\"ok\"}"),
        StopReason.END_TURN, 3);
  }

  @Test
  void aChildRuleForcesOneOfItsChildrenNext() throws Exception {
    List<ToolRule> rules = List.of(ToolRule.withChildren(ToolRule.CONSTRAIN_CHILD_TOOLS, "conversation_search",
        List.of("memory_insert", "send_message")));
    RunEvent text = run("letta_v1_agent", rules, SEARCH_CALL + ", {\"text\":\"skip\"}");
    assertThat(text).isInstanceOfSatisfying(RunFailed.class,
        f -> assertThat(f.errorMessage()).contains("tool_choice is 'required'"));
    completed(run("letta_v1_agent", rules, SEARCH_CALL + ", " + INSERT + ", {\"text\":\"ok\"}"),
        StopReason.END_TURN, 3);
  }

  @Test
  void aParentRuleRefusesItsChildBeforeTheParent() throws Exception {
    RunCompleted done = completed(run("letta_v1_agent", List.of(ToolRule.withChildren(ToolRule.PARENT_LAST_TOOL,
        "conversation_search", List.of("memory_insert"))), INSERT + ", {\"text\":\"ok\"}"), StopReason.END_TURN, 2);
    assertThat(returns(done).getFirst().toolReturn()).startsWith("[ToolConstraintError] Cannot call memory_insert")
        .contains("memory_insert may only be called right after conversation_search");
  }

  @Test
  void aConditionalRuleMapsTheReturnToTheForcedNextTool() throws Exception {
    List<ToolRule> rules = List.of(ToolRule.conditional("send_message",
        Map.of("Sent message successfully.", "memory_insert"), null, false));
    String send = "{\"tool\":\"send_message\",\"args\":{\"message\":\"hi\"}}";
    RunEvent wrong = run("letta_v1_agent", rules, send + ", " + SEARCH_CALL);
    assertThat(wrong).isInstanceOfSatisfying(RunFailed.class,
        f -> assertThat(f.errorMessage()).contains("tool_choice names the function memory_insert"));
    completed(run("letta_v1_agent", rules, send + ", " + INSERT + ", {\"text\":\"ok\"}"), StopReason.END_TURN, 3);
  }

  @Test
  void aRequiredToolIsDemandedBeforeTheTurnMayEnd() throws Exception {
    RunCompleted done = completed(run("letta_v1_agent", List.of(ToolRule.of(ToolRule.REQUIRED_BEFORE_EXIT,
        "conversation_search")), "{\"text\":\"bye\"}, " + SEARCH_CALL + ", {\"text\":\"done\"}"),
        StopReason.END_TURN, 3);
    assertThat(types(done)).containsExactly("assistant_message", "user_message", "tool_call_message",
        "tool_return_message", "assistant_message");
    assertThat(((UserMessage) done.messages().get(1)).content())
        .contains("ToolRuleViolated: You must call conversation_search");
  }

  @Test
  void aCallThatRequiresApprovalStopsTheRunWithoutRunningOrEnteringTheContext() throws Exception {
    String agentId = newAgent();
    RunEvent end = run(agentId, "letta_v1_agent", TOOLS, List.of(ToolRule.of(ToolRule.REQUIRES_APPROVAL,
        "memory_insert")), false, 10, "go <<script>>[" + INSERT + "]<</script>>");
    RunCompleted done = completed(end, StopReason.REQUIRES_APPROVAL, 1);
    assertThat(returns(done)).isEmpty();
    assertThat(messages.inContext(ConversationKey.of(agentId))).noneMatch(m -> !m.toolCalls().isEmpty());
    assertThat(messages.inContext(ConversationKey.of(agentId)).getFirst().content()).doesNotContain("Likes tea");
    // The agent now waits for the answer (ApprovalFlowTest): another message is refused, not run.
    assertThat(run(agentId, "letta_v1_agent", TOOLS, List.of(), false, 10, "next")).isInstanceOf(RunFailed.class);
  }

  @Test
  void toolReturnsAreCutToTheirReturnCharLimitExceptSearches() throws Exception {
    ToolDefinition shortSend = new ToolDefinition("tool-4", "send_message", null, ToolDefinition.LETTA_CORE,
        SEND.jsonSchema(), 10);
    RunEvent end = run(newAgent(), "letta_v1_agent", List.of(shortSend, SEARCH), List.of(), false, 10,
        "go <<script>>[{\"tool\":\"send_message\",\"args\":{\"message\":\"hi\"}}, " + SEARCH_CALL
            + ", {\"text\":\"ok\"}]<</script>>");
    RunCompleted done = completed(end, StopReason.END_TURN, 3);
    assertThat(returns(done).get(0).toolReturn()).startsWith("Sent messa...").contains("truncated");
    assertThat(returns(done).get(1).toolReturn()).as("search limit 5 is ignored").hasSizeGreaterThan(5);
  }

  @Test
  void aWorkflowAgentStartsEveryRunFromItsSystemMessage() throws Exception {
    String agentId = newAgent();
    String reply = "<<script>>[{\"tool\":\"send_message\",\"args\":{\"message\":\"done\",\"request_heartbeat\":false}}]"
        + "<</script>>";
    completed(run(agentId, "workflow_agent", TOOLS, List.of(), true, 10, "first task " + reply),
        StopReason.END_TURN, 1);
    await().atMost(Duration.ofSeconds(10)).until(() -> messages.inContext(ConversationKey.of(agentId)).size() == 1);
    assertThat(messages.inContext(ConversationKey.of(agentId)).getFirst().role()).isEqualTo(StoredMessage.Role.SYSTEM);

    completed(run(agentId, "workflow_agent", TOOLS, List.of(), true, 10, "second task " + reply),
        StopReason.END_TURN, 1);
    assertThat(messages.count(ConversationKey.of(agentId))).as("cleared messages stay stored").isEqualTo(7);
  }
}
