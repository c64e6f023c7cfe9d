package dev.engram.steprunner.loop;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.engram.contracts.Ids;
import dev.engram.contracts.Json;
import dev.engram.contracts.PendingApprovals;
import dev.engram.contracts.StopReason;
import dev.engram.contracts.api.AgentSnapshot;
import dev.engram.contracts.api.ApprovalItem;
import dev.engram.contracts.api.ClientTool;
import dev.engram.contracts.api.InputMessage;
import dev.engram.contracts.api.LlmConfig;
import dev.engram.contracts.api.ToolDefinition;
import dev.engram.contracts.api.ToolRule;
import dev.engram.contracts.events.MessageChunk;
import dev.engram.contracts.events.MessageReceived;
import dev.engram.contracts.events.RunCompleted;
import dev.engram.contracts.events.RunEvent;
import dev.engram.contracts.events.RunFailed;
import dev.engram.contracts.message.ApprovalRequestMessage;
import dev.engram.contracts.message.AssistantMessage;
import dev.engram.contracts.message.ToolCallMessage;
import dev.engram.contracts.message.ToolReturnMessage;
import dev.engram.platform.llm.LlmToolCall;
import dev.engram.steprunner.persistence.ConversationKey;
import dev.engram.steprunner.StepRunnerTestResource;
import dev.engram.steprunner.StepRunnerTopics;
import dev.engram.steprunner.context.ContextWindows;
import dev.engram.steprunner.message.LettaMessages;
import dev.engram.steprunner.persistence.MessageRepository;
import dev.engram.steprunner.persistence.PendingApprovalRepository;
import dev.engram.steprunner.persistence.StoredMessage;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The approval flow against real Kafka, PostgreSQL, memory-service and the scripted model: a call that needs
 * approval stops the run, the answer (approve, deny, the client's own return) runs or refuses it and the loop
 * goes on; other runs are refused while a request waits; the context window never holds an unanswered call,
 * also when the worker dies between the stop and the answer.
 */
@QuarkusTest
@QuarkusTestResource(StepRunnerTestResource.class)
class ApprovalFlowTest {
  private static final ToolDefinition MEMORY_INSERT =
      StepRunnerTopics.memoryInsert(ToolDefinition.LETTA_MEMORY_CORE);
  private static final List<ToolRule> APPROVE_INSERTS = List.of(ToolRule.of(ToolRule.REQUIRES_APPROVAL,
      "memory_insert"));
  private static final String INSERT_THEN_SAVED = "insert <<script>>[{\"tool\":\"memory_insert\",\"args\":"
      + "{\"label\":\"human\",\"new_string\":\"Likes tea\"}}, {\"text\":\"Saved.\"}]<</script>>";

  private static StepRunnerTopics topics;

  @Inject
  MessageRepository messages;
  @Inject
  PendingApprovalRepository pending;
  @Inject
  ContextWindows windows;
  @Inject
  RunService runs;
  @Inject
  AgentScheduler scheduler;

  @BeforeAll
  static void connect() {
    topics = StepRunnerTopics.open();
  }

  @AfterAll
  static void disconnect() {
    topics.close();
  }

  private static AgentSnapshot agent(String agentId, List<ToolRule> rules) {
    return new AgentSnapshot(agentId, "approvals", "letta_v1_agent", "You ask before you act.",
        new LlmConfig("scripted-model", "openai", null, 32768, "scripted/scripted-model", "scripted", "base", null,
            null, false), List.of(MEMORY_INSERT), "UTC", null, rules, false);
  }

  private static MessageReceived event(String agentId, List<ToolRule> rules, List<InputMessage> inputs,
      List<ClientTool> clientTools) {
    return new MessageReceived(Ids.newId(Ids.EVENT), agentId, Ids.newId(Ids.RUN), agent(agentId, rules), inputs, 10,
        Instant.now(), null, false, clientTools);
  }

  private static MessageReceived publish(MessageReceived event) {
    topics.publish(event.agentId(), event);
    topics.flush();
    return event;
  }

  private static RunEvent awaitEnd(MessageReceived event) {
    await().atMost(Duration.ofSeconds(60)).until(() -> topics.end(event.runId()) != null);
    return topics.end(event.runId());
  }

  private static MessageReceived say(String agentId, String text) {
    return publish(event(agentId, APPROVE_INSERTS, List.of(new InputMessage("user", text, null, null)), null));
  }

  private static MessageReceived answer(String agentId, ApprovalItem... items) {
    return publish(event(agentId, APPROVE_INSERTS, List.of(InputMessage.approval(List.of(items), null, null, null,
        null)), null));
  }

  /** Stops a run for approval of its memory_insert call and returns the call's id. */
  private String stopForApproval(String agentId) {
    RunEvent end = awaitEnd(say(agentId, INSERT_THEN_SAVED));
    return pendingCallId(end);
  }

  private static String pendingCallId(RunEvent end) {
    assertThat(end).isInstanceOf(RunCompleted.class);
    RunCompleted done = (RunCompleted) end;
    assertThat(done.stopReason()).isEqualTo(StopReason.REQUIRES_APPROVAL);
    ApprovalRequestMessage request = done.messages().stream().filter(ApprovalRequestMessage.class::isInstance)
        .map(ApprovalRequestMessage.class::cast).findFirst().orElseThrow();
    assertThat(request.toolCalls()).hasSize(1);
    assertThat(request.toolCall()).isEqualTo(request.toolCalls().getFirst());
    return request.toolCall().toolCallId();
  }

  private static RunCompleted completed(RunEvent end) {
    assertThat(end).isInstanceOf(RunCompleted.class);
    return (RunCompleted) end;
  }

  private static ToolReturnMessage onlyReturn(RunCompleted done) {
    List<ToolReturnMessage> returns = done.messages().stream().filter(ToolReturnMessage.class::isInstance)
        .map(ToolReturnMessage.class::cast).toList();
    assertThat(returns).hasSize(1);
    return returns.getFirst();
  }

  /** Every call in the window is followed by its returns before anything else, and every return has its call. */
  private void assertNoOrphans(String agentId) {
    List<StoredMessage> window = messages.inContext(ConversationKey.of(agentId));
    Set<String> open = new HashSet<>();
    for (StoredMessage m : window) {
      if (m.role() == StoredMessage.Role.TOOL) {
        assertThat(open).as("return %s answers a call in the window", m.toolCallId()).contains(m.toolCallId());
        open.remove(m.toolCallId());
      } else {
        assertThat(open).as("calls left unanswered before %s", m.id()).isEmpty();
        m.toolCalls().stream().map(LlmToolCall::id).forEach(open::add);
      }
    }
    assertThat(open).as("calls without return at the end of the window").isEmpty();
  }

  private String systemPrompt(String agentId) {
    return messages.inContext(ConversationKey.of(agentId)).getFirst().content();
  }

  @Test
  void aRequestBlocksOnlyItsConversationAndIsAnsweredThere() throws Exception {
    String agentId = StepRunnerTopics.newAgent();
    String conversation = "conv-" + java.util.UUID.randomUUID();
    ConversationKey key = new ConversationKey(agentId, conversation);
    MessageReceived say = event(agentId, APPROVE_INSERTS, List.of(new InputMessage("user", INSERT_THEN_SAVED, null,
        null)), null);
    String callId = pendingCallId(awaitEnd(publish(withConversation(say, conversation))));
    assertThat(pending.find(key)).isPresent();
    assertThat(pending.find(ConversationKey.of(agentId))).isEmpty();
    given().queryParam("conversation_id", conversation).get("/internal/agents/" + agentId + "/pending-approval")
        .then().statusCode(200).body("tool_call.tool_call_id", org.hamcrest.Matchers.equalTo(callId));
    given().get("/internal/agents/" + agentId + "/pending-approval").then().statusCode(404);

    // The default conversation goes on meanwhile; an answer sent there finds nothing to answer.
    RunCompleted elsewhere = completed(awaitEnd(say(agentId, "hello <<script>>[{\"text\":\"Hi.\"}]<</script>>")));
    assertThat(elsewhere.stopReason()).isEqualTo(StopReason.END_TURN);
    assertThat(awaitEnd(answer(agentId, ApprovalItem.decision(callId, true, null))))
        .isInstanceOfSatisfying(RunFailed.class, failed -> {
          assertThat(failed.errorType()).isEqualTo(PendingApprovals.INVALID_ERROR_TYPE);
          assertThat(failed.errorMessage()).contains("default conversation");
        });
    MessageReceived answer = event(agentId, APPROVE_INSERTS, List.of(InputMessage.approval(List.of(
        ApprovalItem.decision(callId, true, null)), null, null, null, null)), null);
    RunCompleted done = completed(awaitEnd(publish(withConversation(answer, conversation))));

    assertThat(onlyReturn(done).status()).isEqualTo("success");
    assertThat(messages.inContext(key)).anyMatch(m -> m.toolCalls().stream().anyMatch(c -> c.id().equals(callId)));
    assertThat(messages.inContext(key)).anyMatch(m -> m.toolCallId() != null && m.toolCallId().equals(callId));
    assertThat(messages.inContext(ConversationKey.of(agentId))).noneMatch(m -> m.role() == StoredMessage.Role.TOOL);
    assertThat(pending.find(key)).isEmpty();
  }

  private static MessageReceived withConversation(MessageReceived e, String conversationId) {
    return new MessageReceived(e.eventId(), e.agentId(), e.runId(), e.agent(), e.messages(), e.maxSteps(),
        e.receivedAt(), e.operation(), e.streamTokens(), e.clientTools(), conversationId);
  }

  @Test
  void anApprovedCallRunsAndTheLoopContinues() throws Exception {
    String agentId = StepRunnerTopics.newAgent();
    String callId = stopForApproval(agentId);
    assertNoOrphans(agentId);
    assertThat(messages.inContext(ConversationKey.of(agentId))).noneMatch(m -> !m.toolCalls().isEmpty());
    assertThat(given().get("/internal/agents/" + agentId + "/pending-approval").then().statusCode(200)
        .extract().jsonPath().getString("tool_call.tool_call_id")).isEqualTo(callId);

    RunCompleted done = completed(awaitEnd(answer(agentId, ApprovalItem.decision(callId, true, null))));

    assertThat(done.stopReason()).isEqualTo(StopReason.END_TURN);
    assertThat(onlyReturn(done).status()).isEqualTo("success");
    assertThat(onlyReturn(done).toolCallId()).isEqualTo(callId);
    assertThat(done.messages().getLast()).isInstanceOfSatisfying(AssistantMessage.class,
        a -> assertThat(a.content()).isEqualTo("Saved."));
    assertNoOrphans(agentId);
    assertThat(messages.inContext(ConversationKey.of(agentId))).anyMatch(m -> m.toolCalls().stream().anyMatch(c -> c.id().equals(callId)));
    assertThat(systemPrompt(agentId)).contains("Likes tea");
    assertThat(pending.find(ConversationKey.of(agentId))).isEmpty();
    given().get("/internal/agents/" + agentId + "/pending-approval").then().statusCode(404);
    List<Map<String, Object>> history = given().get("/internal/agents/" + agentId + "/messages?order=asc")
        .then().statusCode(200).extract().jsonPath().getList("$");
    assertThat(history).extracting(m -> m.get("message_type")).containsExactly("system_message", "user_message",
        "approval_request_message", "approval_response_message", "tool_return_message", "assistant_message");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> approvals = (List<Map<String, Object>>) history.get(3).get("approvals");
    assertThat(approvals).singleElement().satisfies(a -> {
      assertThat(a).containsEntry("type", "approval").containsEntry("tool_call_id", callId)
          .containsEntry("approve", true);
    });
  }

  @Test
  void aDeniedCallDoesNotRunAndTheModelReadsTheReason() throws Exception {
    String agentId = StepRunnerTopics.newAgent();
    String callId = stopForApproval(agentId);

    RunCompleted done = completed(awaitEnd(answer(agentId, ApprovalItem.decision(callId, false, "not today"))));

    assertThat(done.stopReason()).isEqualTo(StopReason.END_TURN);
    ToolReturnMessage denied = onlyReturn(done);
    assertThat(denied.status()).isEqualTo("error");
    assertThat(denied.toolReturn()).contains("denied").contains("not today");
    assertThat(done.messages().getLast()).isInstanceOf(AssistantMessage.class);
    assertThat(systemPrompt(agentId)).doesNotContain("Likes tea");
    assertNoOrphans(agentId);
  }

  @Test
  void aClientToolCallStopsTheRunAndTheClientsReturnIsTheToolReturn() throws Exception {
    String agentId = StepRunnerTopics.newAgent();
    ClientTool listFiles = new ClientTool("list_files", "Lists the files of a directory.",
        Map.of("type", "object", "properties", Map.of("path", Map.of("type", "string"))));
    MessageReceived first = publish(event(agentId, List.of(), List.of(new InputMessage("user",
        "files? <<script>>[{\"tool\":\"list_files\",\"args\":{\"path\":\".\"}}, {\"text\":\"Two files.\"}]"
            + "<</script>>", null, null)), List.of(listFiles)));
    String callId = pendingCallId(awaitEnd(first));
    assertNoOrphans(agentId);

    MessageReceived second = publish(event(agentId, List.of(), List.of(InputMessage.approval(List.of(
        ApprovalItem.toolReturn(callId, "success", "a.txt\nb.txt", null, null)), null, null, null, null)),
        List.of(listFiles)));
    RunCompleted done = completed(awaitEnd(second));

    assertThat(done.stopReason()).isEqualTo(StopReason.END_TURN);
    assertThat(onlyReturn(done).toolReturn()).isEqualTo("a.txt\nb.txt");
    assertThat(onlyReturn(done).status()).isEqualTo("success");
    assertThat(done.messages().getLast()).isInstanceOfSatisfying(AssistantMessage.class,
        a -> assertThat(a.content()).isEqualTo("Two files."));
    assertNoOrphans(agentId);
  }

  @Test
  void messagesWhileAnApprovalWaitsAreRefusedAndSoAreAnswersToOtherCalls() throws Exception {
    String agentId = StepRunnerTopics.newAgent();
    // The second message is queued before the first run stops: it must not run past the pending call.
    MessageReceived stopping = say(agentId, INSERT_THEN_SAVED);
    MessageReceived queued = say(agentId, "hello?");
    String callId = pendingCallId(awaitEnd(stopping));

    assertThat(awaitEnd(queued)).isInstanceOfSatisfying(RunFailed.class, failed -> {
      assertThat(failed.errorType()).isEqualTo(PendingApprovals.PENDING_ERROR_TYPE);
      assertThat(failed.errorMessage()).contains("waiting for approval on a tool call");
    });
    assertThat(awaitEnd(answer(agentId, ApprovalItem.decision("call-unknown", true, null))))
        .isInstanceOfSatisfying(RunFailed.class, failed -> {
          assertThat(failed.errorType()).isEqualTo(PendingApprovals.INVALID_ERROR_TYPE);
          assertThat(failed.errorMessage()).contains("call-unknown").contains(callId);
        });
    assertThat(pending.find(ConversationKey.of(agentId))).isPresent();

    completed(awaitEnd(answer(agentId, ApprovalItem.decision(callId, true, null))));
    assertThat(awaitEnd(answer(agentId, ApprovalItem.decision(callId, true, null))))
        .as("a second answer finds nothing pending").isInstanceOfSatisfying(RunFailed.class,
            failed -> assertThat(failed.errorType()).isEqualTo(PendingApprovals.INVALID_ERROR_TYPE));
    assertThat(completed(awaitEnd(say(agentId, "hello again"))).stopReason()).isEqualTo(StopReason.END_TURN);
  }

  @Test
  void aStreamedCallThatNeedsApprovalStreamsAsTheApprovalRequestAndAnAnswersReturnIsAChunk() throws Exception {
    String agentId = StepRunnerTopics.newAgent();
    MessageReceived streamed = new MessageReceived(Ids.newId(Ids.EVENT), agentId, Ids.newId(Ids.RUN),
        agent(agentId, APPROVE_INSERTS), List.of(new InputMessage("user", INSERT_THEN_SAVED, null, null)), 10,
        Instant.now(), null, true, null);
    RunEvent end = awaitEnd(publish(streamed));
    String callId = pendingCallId(end);
    ApprovalRequestMessage request = ((RunCompleted) end).messages().stream()
        .filter(ApprovalRequestMessage.class::isInstance).map(ApprovalRequestMessage.class::cast).findFirst()
        .orElseThrow();

    List<MessageChunk> chunks = chunksOf(streamed.runId());
    assertThat(chunks).as("the call streams as the approval request, never as a call that runs")
        .noneMatch(c -> c.message() instanceof ToolCallMessage);
    String arguments = chunks.stream().filter(c -> c.message() instanceof ApprovalRequestMessage)
        .peek(c -> assertThat(LettaMessages.otidOf(c.message())).isEqualTo(request.otid()))
        .map(c -> ((ApprovalRequestMessage) c.message()).toolCall().arguments()).reduce("", String::concat);
    assertThat(arguments).isEqualTo(request.toolCall().arguments());

    MessageReceived answered = answer(agentId, ApprovalItem.decision(callId, true, null));
    completed(awaitEnd(answered));
    List<MessageChunk> answerChunks = chunksOf(answered.runId());
    assertThat(answerChunks).extracting(MessageChunk::seqId).startsWith(1L);
    assertThat(answerChunks.getFirst().message()).isInstanceOfSatisfying(ToolReturnMessage.class,
        r -> assertThat(r.toolCallId()).isEqualTo(callId));
  }

  private static List<MessageChunk> chunksOf(String runId) {
    return topics.runEvents().stream().filter(e -> e.runId().equals(runId)).filter(MessageChunk.class::isInstance)
        .map(MessageChunk.class::cast).toList();
  }

  @Test
  void aWorkerThatDiesBetweenTheStopAndTheAnswerLeavesNoOrphanAndTheAnswerRunsOnce() throws Exception {
    String agentId = StepRunnerTopics.newAgent();
    String callId = stopForApproval(agentId);
    // A restarted process has nothing cached: the window comes from the database alone.
    windows.invalidate(agentId);
    assertNoOrphans(agentId);

    // The answer is accepted and its run started, then the worker dies before the answer is committed: what a
    // crashed worker leaves is the queued run marked started (one commit here, so the sweeper cannot start it
    // the ordinary way in between) and the request still pending.
    MessageReceived approval = event(agentId, APPROVE_INSERTS, List.of(InputMessage.approval(List.of(
        ApprovalItem.decision(callId, true, null)), null, null, null, null)), null);
    QuarkusTransaction.requiringNew().run(() -> {
      assertThat(runs.enqueue(approval, Json.write(approval))).isTrue();
      assertThat(runs.startRun(approval)).as("an answer's inputs wait for its tool returns")
          .hasValueSatisfying(stored -> assertThat(stored).isEmpty());
      assertThat(pending.find(ConversationKey.of(agentId))).isPresent();
    });
    windows.invalidate(agentId);
    assertNoOrphans(agentId);

    // The next worker (the sweeper's or this signal's) resumes the started run.
    scheduler.signal(agentId);
    RunCompleted done = completed(awaitEnd(approval));

    assertThat(done.stopReason()).isEqualTo(StopReason.END_TURN);
    assertThat(onlyReturn(done).toolCallId()).isEqualTo(callId);
    assertNoOrphans(agentId);
    String prompt = systemPrompt(agentId);
    assertThat(prompt.indexOf("Likes tea")).isEqualTo(prompt.lastIndexOf("Likes tea")).isPositive();
  }
}
