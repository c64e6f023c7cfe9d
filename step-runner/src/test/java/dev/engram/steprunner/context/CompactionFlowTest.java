package dev.engram.steprunner.context;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.engram.contracts.Ids;
import dev.engram.contracts.Json;
import dev.engram.contracts.StopReason;
import dev.engram.contracts.api.AgentSnapshot;
import dev.engram.contracts.api.CompactionSettings;
import dev.engram.contracts.api.InputMessage;
import dev.engram.contracts.api.LlmConfig;
import dev.engram.contracts.api.ToolDefinition;
import dev.engram.contracts.events.MessageReceived;
import dev.engram.contracts.events.RunCompleted;
import dev.engram.contracts.events.RunEvent;
import dev.engram.contracts.events.RunFailed;
import dev.engram.contracts.events.RunCancellationRequested;
import dev.engram.contracts.events.RunStarted;
import dev.engram.contracts.message.AssistantMessage;
import dev.engram.contracts.message.ToolReturnMessage;
import dev.engram.platform.db.Sql;
import dev.engram.steprunner.StepRunnerTestResource;
import dev.engram.steprunner.StepRunnerTopics;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Context window compaction end to end: step-runner, the summarizer and memory-service as processes,
 * real Kafka and PostgreSQL, the scripted model with small context windows.
 */
@QuarkusTest
@QuarkusTestResource(StepRunnerTestResource.class)
class CompactionFlowTest {
  private static final ToolDefinition CONVERSATION_SEARCH = new ToolDefinition("tool-2", "conversation_search",
      "Search prior conversation history.", ToolDefinition.LETTA_CORE, Map.of("name", "conversation_search",
      "parameters", Map.of("type", "object", "properties", Map.of("query", Map.of("type", "string")),
          "required", List.of("query"))), null);

  private static StepRunnerTopics topics;
  private static List<RunEvent> RUN_EVENTS;

  @Inject
  Sql sql;

  @BeforeAll
  static void connect() {
    topics = StepRunnerTopics.open();
    RUN_EVENTS = topics.runEvents();
  }

  @AfterAll
  static void disconnect() {
    topics.close();
  }

  @Test
  void aLongConversationCrossesTheWindowManyTimesAndNeverOverflowsIt() throws Exception {
    int window = 2000;
    AgentSnapshot agent = agent(newAgent(), window, null);
    List<MessageReceived> sent = new ArrayList<>();
    sent.add(send(agent, "Please remember that my secret word is pomegranate."));
    for (int i = 1; i < 1500; i++) {
      sent.add(send(agent, "Message " + i + " of a long chat."));
    }
    RunEvent last = awaitEnd(send(agent, "What was my secret word? <<script>> [{\"tool\": \"conversation_search\", "
        + "\"args\": {\"query\": \"pomegranate\"}}, {\"text\": \"It was pomegranate.\"}] <</script>>").runId(),
        Duration.ofMinutes(8));

    assertThat(RUN_EVENTS).filteredOn(e -> e instanceof RunFailed && e.agentId().equals(agent.id())).isEmpty();
    assertThat(last).isInstanceOfSatisfying(RunCompleted.class, done -> {
      assertThat(done.messages()).filteredOn(m -> m instanceof ToolReturnMessage).singleElement()
          .satisfies(m -> assertThat(((ToolReturnMessage) m).toolReturn()).contains("pomegranate"));
      assertThat(done.messages().getLast()).isInstanceOfSatisfying(AssistantMessage.class,
          a -> assertThat(a.content()).isEqualTo("It was pomegranate."));
    });
    long installed = sql.queryOne("SELECT count(*) FROM compactions WHERE agent_id = ? AND status = 'installed'",
        rs -> rs.getLong(1), agent.id()).orElseThrow();
    assertThat(installed).as("compactions").isGreaterThanOrEqualTo(10);
    int maxPrompt = sql.queryOne("SELECT max(prompt_tokens) FROM steps WHERE agent_id = ?", rs -> rs.getInt(1),
        agent.id()).orElseThrow();
    assertThat(maxPrompt).as("largest prompt the model saw").isPositive().isLessThanOrEqualTo(window);
    long stored = sql.queryOne("SELECT count(*) FROM messages WHERE agent_id = ?", rs -> rs.getLong(1), agent.id())
        .orElseThrow();
    assertThat(stored).as("every message stays stored").isGreaterThan(3000);

    JsonPath context = context(agent);
    assertAddsUp(context);
    assertThat(context.getInt("context_window_size_max")).isEqualTo(window);
    assertThat(context.getInt("context_window_size_current")).isLessThanOrEqualTo(window);
    assertThat(context.getString("messages[0].role")).isEqualTo("system");
    assertThat(context.getString("messages[1].content[0].text")).startsWith("{\"type\":\"system_alert\"");
    assertThat(context.getString("summary_memory")).isEqualTo(context.getString("messages[1].content[0].text"));
    assertThat(context.getString("core_memory")).startsWith("<memory_blocks>").endsWith("</memory_blocks>");
    assertThat(context.getString("external_memory_summary")).startsWith("<memory_metadata>");
    assertThat(context.getString("system_prompt")).isEqualTo("You test compaction.");
    assertThat(context.getLong("num_recall_memory")).isEqualTo(stored);
    assertThat(context.getList("functions_definitions")).hasSize(1);
    assertThat(context.getString("functions_definitions[0].function.name")).isEqualTo("conversation_search");
  }

  @Test
  void aProviderOverflowErrorCompactsAndTheStepIsRetried() throws Exception {
    AgentSnapshot agent = agent(newAgent(), 4000,
        new CompactionSettings(null, null, null, null, null, null, 0.2));
    fill(agent, 20);

    RunEvent end = awaitEnd(send(agent, "What now? <<context-limit:1500>>").runId(), Duration.ofSeconds(60));

    assertThat(end).isInstanceOfSatisfying(RunCompleted.class, done -> {
      assertThat(done.stopReason()).isEqualTo(StopReason.END_TURN);
      assertThat(done.messages().getLast()).isInstanceOfSatisfying(AssistantMessage.class,
          a -> assertThat(a.content()).isEqualTo("Echo: What now?"));
    });
    assertThat(sql.queryOne("SELECT trigger || ' ' || status FROM compactions WHERE run_id = ?",
        rs -> rs.getString(1), end.runId())).contains("provider_overflow installed");
    JsonPath context = context(agent);
    assertAddsUp(context);
    assertThat(context.getString("summary_memory")).contains("system_alert");
  }

  @Test
  void withTheSummarizerDownTheRunFailsClearlyAndTheAgentWorksOnceItIsBack() throws Exception {
    AgentSnapshot agent = agent(newAgent(), 1000, null);
    fill(agent, 5);
    StepRunnerTestResource.stopSummarizer();
    try {
      MessageReceived big = send(agent, "A long story. " + "Once upon a time there was a queue. ".repeat(22));
      MessageReceived queued = send(agent, "Are you there?");

      RunEvent failed = awaitEnd(big.runId(), Duration.ofSeconds(60));

      assertThat(failed).isInstanceOfSatisfying(RunFailed.class, f -> {
        assertThat(f.stopReason()).isEqualTo(StopReason.ERROR);
        assertThat(f.errorType()).isEqualTo(ContextCompactionException.SUMMARIZATION_TIMEOUT);
        assertThat(f.errorMessage()).contains("summarizer did not answer within 8 s");
      });
      // The later message waited in the agent's queue while the summary was in flight.
      int failedAt = RUN_EVENTS.indexOf(failed);
      int queuedStart = indexOf(queued.runId(), RunStarted.class);
      assertThat(queuedStart == -1 || queuedStart > failedAt).as("queued run started after the failure").isTrue();
      awaitEnd(queued.runId(), Duration.ofSeconds(60));
    } finally {
      StepRunnerTestResource.startSummarizer();
    }

    RunEvent next = awaitEnd(send(agent, "Hello again.").runId(), Duration.ofSeconds(60));

    assertThat(next).isInstanceOfSatisfying(RunCompleted.class, done -> assertThat(done.messages().getLast())
        .isInstanceOfSatisfying(AssistantMessage.class, a -> assertThat(a.content()).isEqualTo("Echo: Hello again.")));
    assertAddsUp(context(agent));
  }

  /**
   * Fills a new agent's small window, then sends a message whose compaction waits for the stopped summarizer and
   * cancels that run while it waits; {@code meanwhile} runs before the summarizer comes back. Returns the agent and
   * the cancelled run's end.
   */
  private Map.Entry<AgentSnapshot, RunEvent> cancelWhileSummarizing(Consumer<AgentSnapshot> meanwhile)
      throws Exception {
    AgentSnapshot agent = agent(newAgent(), 1000, null);
    fill(agent, 5);
    StepRunnerTestResource.stopSummarizer();
    try {
      MessageReceived big = send(agent, "A long story. " + "Once upon a time there was a queue. ".repeat(22));
      topics.flush();
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> sql.queryOne(
          "SELECT count(*) FROM compactions WHERE run_id = ? AND status = 'requested'", rs -> rs.getLong(1),
          big.runId()).orElse(0L) == 1);
      topics.publish(agent.id(), new RunCancellationRequested(Ids.newId(Ids.EVENT), agent.id(), big.runId(),
          Instant.now()));
      RunEvent end = awaitEnd(big.runId(), Duration.ofSeconds(30));
      meanwhile.accept(agent);
      return Map.entry(agent, end);
    } finally {
      StepRunnerTestResource.startSummarizer();
    }
  }

  @Test
  void aCancellationStopsTheWaitForTheSummarizerAndTheNextRunInstallsTheSummary() throws Exception {
    var cancelled = cancelWhileSummarizing(agent -> { });
    AgentSnapshot agent = cancelled.getKey();

    // Ended as cancelled, not by the summary timeout (8 s here) with summarization_timeout.
    assertThat(cancelled.getValue()).isInstanceOfSatisfying(RunCompleted.class,
        done -> assertThat(done.stopReason()).isEqualTo(StopReason.CANCELLED));
    // The request stayed recorded: the next run waits for its answer and installs it before its own step.
    RunEvent next = awaitEnd(send(agent, "Hello again.").runId(), Duration.ofSeconds(60));
    assertThat(next).isInstanceOfSatisfying(RunCompleted.class, done -> assertThat(done.messages().getLast())
        .isInstanceOfSatisfying(AssistantMessage.class, a -> assertThat(a.content()).isEqualTo("Echo: Hello again.")));
    assertThat(sql.queryOne("SELECT status FROM compactions WHERE run_id = ?", rs -> rs.getString(1),
        cancelled.getValue().runId())).contains("installed");
    assertAddsUp(context(agent));
  }

  @Test
  void aCompactionWhoseWindowWasResetMeanwhileIsDroppedNotInstalled() throws Exception {
    // The window is emptied while the summary is still outstanding.
    var cancelled = cancelWhileSummarizing(agent -> given().contentType(ContentType.JSON).body(Json.write(agent))
        .post("/internal/agents/" + agent.id() + "/reset-messages").then().statusCode(204));
    AgentSnapshot agent = cancelled.getKey();

    RunEvent next = awaitEnd(send(agent, "Hello again.").runId(), Duration.ofSeconds(60));

    assertThat(next).isInstanceOfSatisfying(RunCompleted.class, done -> assertThat(done.stopReason())
        .isEqualTo(StopReason.END_TURN));
    assertThat(sql.queryOne("SELECT status FROM compactions WHERE run_id = ?", rs -> rs.getString(1),
        cancelled.getValue().runId())).contains("failed");
    JsonPath context = context(agent);
    assertThat(context.getString("summary_memory")).as("no summary came back into the reset window").isNull();
    assertThat(context.getList("messages")).hasSize(3);
  }

  private static void assertAddsUp(JsonPath context) {
    int parts = 0;
    for (String field : List.of("system", "core_memory", "tool_usage_rules", "directories", "memory_filesystem",
        "external_memory_summary", "summary_memory", "functions_definitions", "messages")) {
      parts += context.getInt("num_tokens_" + field);
    }
    assertThat(parts).isEqualTo(context.getInt("context_window_size_current"));
    assertThat(context.getInt("num_messages")).isEqualTo(context.getList("messages").size());
  }

  private static JsonPath context(AgentSnapshot agent) {
    return given().contentType(ContentType.JSON).body(Json.write(agent))
        .post("/internal/agents/" + agent.id() + "/context").then().statusCode(200).extract().jsonPath();
  }

  private static int indexOf(String runId, Class<? extends RunEvent> type) {
    for (int i = 0; i < RUN_EVENTS.size(); i++) {
      if (RUN_EVENTS.get(i).runId().equals(runId) && type.isInstance(RUN_EVENTS.get(i))) {
        return i;
      }
    }
    return -1;
  }

  private static AgentSnapshot agent(String agentId, int window, CompactionSettings settings) {
    return new AgentSnapshot(agentId, "compaction", "letta_v1_agent", "You test compaction.",
        new LlmConfig("scripted-model", "openai", null, window, "scripted/scripted-model", "scripted", "base", null,
            null, false), List.of(CONVERSATION_SEARCH), "UTC", null, settings);
  }

  private static String newAgent() throws Exception {
    return StepRunnerTopics.newAgent();
  }

  private static MessageReceived send(AgentSnapshot agent, String text) {
    var event = new MessageReceived(Ids.newId(Ids.EVENT), agent.id(), Ids.newId(Ids.RUN), agent,
        List.of(new InputMessage("user", text, null, null)), 10, Instant.now());
    topics.publish(agent.id(), event);
    return event;
  }

  private static RunEvent awaitEnd(String runId, Duration patience) {
    topics.flush();
    await().atMost(patience).pollInterval(Duration.ofMillis(50)).until(() -> end(runId) != null);
    return end(runId);
  }

  private static RunEvent end(String runId) {
    return topics.end(runId);
  }

  /** Sends {@code count} filler messages of about 30 words, one after the other, each to its run's end. */
  private static void fill(AgentSnapshot agent, int count) {
    for (int i = 0; i < count; i++) {
      awaitEnd(send(agent, "Filler message " + i + " " + "words ".repeat(25)).runId(), Duration.ofSeconds(60));
    }
  }
}
