package dev.engram.toolexecutor.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

import dev.engram.contracts.Ids;
import dev.engram.contracts.Json;
import dev.engram.contracts.api.ToolDefinition;
import dev.engram.contracts.events.ToolCallFailed;
import dev.engram.contracts.events.ToolCallRequested;
import dev.engram.contracts.events.ToolCallSucceeded;
import dev.engram.contracts.events.ToolResultEvent;
import dev.engram.local.EngramInfraTestResource;
import dev.engram.platform.db.Sql;
import dev.engram.toolexecutor.ToolCallTopics;
import dev.engram.toolexecutor.execution.SendMessageExecutor;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = EngramInfraTestResource.class,
    initArgs = @ResourceArg(name = EngramInfraTestResource.DATABASE_ARG, value = "tool_executor"))
class ToolCallConsumerTest {
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrapServers;

  @Inject
  MeterRegistry meters;

  @Inject
  Sql sql;

  private ToolCallTopics topics;

  @BeforeEach
  void connect() {
    topics = new ToolCallTopics(bootstrapServers);
  }

  @AfterEach
  void disconnect() {
    topics.close();
  }

  @Test
  void sendMessageSucceedsAndIsRecorded() {
    ToolCallRequested request = request(Ids.newId(Ids.AGENT), "send_message", ToolDefinition.LETTA_CORE,
        "{\"message\": \"Hello there!\"}");
    send(request);

    ToolResultEvent result = Json.read(awaitResults(request, 1).getFirst(), ToolResultEvent.class);

    assertThat(result).isInstanceOfSatisfying(ToolCallSucceeded.class, succeeded -> {
      assertThat(succeeded.toolReturn()).isEqualTo(SendMessageExecutor.SENT);
      assertThat(succeeded.agentId()).isEqualTo(request.agentId());
      assertThat(succeeded.runId()).isEqualTo(request.runId());
      assertThat(succeeded.stepId()).isEqualTo(request.stepId());
      assertThat(succeeded.toolCallId()).isEqualTo(request.toolCallId());
      assertThat(succeeded.toolName()).isEqualTo("send_message");
    });
    given().get("/internal/tool-executions/" + request.idempotencyKey())
        .then().statusCode(200)
        .body("idempotency_key", is(request.idempotencyKey()))
        .body("status", is("success"))
        .body("tool_return", is(SendMessageExecutor.SENT))
        .body("result_event_id", is(result.eventId()));
  }

  @Test
  void redeliveredRequestGetsTheRecordedResultWithoutARerun() {
    ToolCallRequested request = request(Ids.newId(Ids.AGENT), "send_message", ToolDefinition.LETTA_CORE,
        "{\"message\": \"Once only\"}");
    double executedBefore = count("success");
    double replayedBefore = count("replayed");
    send(request);
    awaitResults(request, 1);

    send(request);
    awaitResults(request, 2);
    ToolCallRequested askedAgain = new ToolCallRequested(Ids.newId(Ids.EVENT), request.agentId(), request.runId(),
        request.stepId(), request.toolCallId(), request.idempotencyKey(), request.tool(), request.arguments(),
        Instant.now());
    send(askedAgain);
    List<String> answers = awaitResults(request, 3);

    assertThat(answers).containsOnly(answers.getFirst());
    await().atMost(PATIENCE).untilAsserted(() -> {
      assertThat(count("success")).isEqualTo(executedBefore + 1);
      assertThat(count("replayed")).isEqualTo(replayedBefore + 2);
    });
    assertThat(sql.queryOne("SELECT count(*) FROM tool_executions WHERE idempotency_key = ?", rs -> rs.getLong(1),
        request.idempotencyKey())).contains(1L);
  }

  @Test
  void claimLeftByACrashedExecutionIsRunAgainOnRedelivery() {
    ToolCallRequested request = request(Ids.newId(Ids.AGENT), "send_message", ToolDefinition.LETTA_CORE,
        "{\"message\": \"After a crash\"}");
    sql.update("INSERT INTO tool_executions (idempotency_key, tool_call_id, agent_id, run_id, step_id, tool_name, "
            + "status) VALUES (?, ?, ?, ?, ?, ?, 'running')", request.idempotencyKey(), request.toolCallId(),
        request.agentId(), request.runId(), request.stepId(), request.tool().name());
    send(request);

    assertThat(Json.read(awaitResults(request, 1).getFirst(), ToolResultEvent.class))
        .isInstanceOf(ToolCallSucceeded.class);
    given().get("/internal/tool-executions/" + request.idempotencyKey())
        .then().statusCode(200).body("status", is("success"));
  }

  @Test
  void unknownToolFailsWithAnExplanation() {
    ToolCallRequested request = request(Ids.newId(Ids.AGENT), "roll_dice", ToolDefinition.CUSTOM, "{}");
    send(request);

    ToolResultEvent result = Json.read(awaitResults(request, 1).getFirst(), ToolResultEvent.class);

    assertThat(result).isInstanceOfSatisfying(ToolCallFailed.class, failed -> assertThat(failed.error())
        .isEqualTo("Tool 'roll_dice' cannot be executed: it has no Python source code to run."));
    given().get("/internal/tool-executions/" + request.idempotencyKey())
        .then().statusCode(200).body("status", is("error"));
  }

  @Test
  void malformedArgumentsFailWithTheParseError() {
    ToolCallRequested request = request(Ids.newId(Ids.AGENT), "send_message", ToolDefinition.LETTA_CORE,
        "{\"message\": \"unterminated");
    send(request);

    ToolResultEvent result = Json.read(awaitResults(request, 1).getFirst(), ToolResultEvent.class);

    assertThat(result).isInstanceOfSatisfying(ToolCallFailed.class, failed -> assertThat(failed.error())
        .startsWith("Error parsing the arguments of tool 'send_message' as JSON: "));
  }

  @Test
  void slowToolsDoNotHoldUpLaterCallsOfTheSameAgent() {
    String agentId = Ids.newId(Ids.AGENT);
    GateToolExecutor.close();
    List<ToolCallRequested> slow = List.of(
        request(agentId, GateToolExecutor.NAME, ToolDefinition.CUSTOM, "{}"),
        request(agentId, GateToolExecutor.NAME, ToolDefinition.CUSTOM, "{}"),
        request(agentId, GateToolExecutor.NAME, ToolDefinition.CUSTOM, "{}"));
    ToolCallRequested quick = request(agentId, "send_message", ToolDefinition.LETTA_CORE, "{\"message\": \"hi\"}");
    try {
      slow.forEach(this::send);
      send(quick);

      awaitResults(quick, 1);
      for (ToolCallRequested call : slow) {
        assertThat(topics.resultsOf(call)).isEmpty();
        given().get("/internal/tool-executions/" + call.idempotencyKey())
            .then().statusCode(200).body("status", is("running"));
      }
    } finally {
      GateToolExecutor.open();
    }
    for (ToolCallRequested call : slow) {
      assertThat(Json.read(awaitResults(call, 1).getFirst(), ToolResultEvent.class))
          .isInstanceOf(ToolCallSucceeded.class);
    }
  }

  @Test
  void unknownExecutionIsNotFound() {
    given().get("/internal/tool-executions/step-unknown/call_0")
        .then().statusCode(404).body("detail", is("Tool execution not found: step-unknown/call_0"));
  }

  private static ToolCallRequested request(String agentId, String tool, String toolType, String arguments) {
    String stepId = Ids.newId(Ids.STEP);
    String callId = "call_" + Ids.newId("c").substring(2, 12);
    ToolDefinition definition = new ToolDefinition(Ids.newId(Ids.TOOL), tool, "A tool.", toolType,
        Map.of("name", tool), null);
    return new ToolCallRequested(Ids.newId(Ids.EVENT), agentId, Ids.newId(Ids.RUN), stepId, callId,
        stepId + "/" + callId, definition, arguments, Instant.now());
  }

  private void send(ToolCallRequested request) {
    topics.send(request);
  }

  private List<String> awaitResults(ToolCallRequested request, int count) {
    return topics.awaitResults(request, count);
  }

  private double count(String outcome) {
    var counter = meters.find("engram.tool.calls").tags("tool", "send_message", "outcome", outcome).counter();
    return counter == null ? 0 : counter.count();
  }
}
