package dev.engram.agentapi.run;

import static dev.engram.agentapi.support.Api.assertShape;
import static dev.engram.agentapi.support.Api.createAgent;
import static dev.engram.agentapi.support.Api.json;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.agentapi.support.AgentApiTestResource;
import dev.engram.agentapi.support.PlaysStepRunner;
import dev.engram.contracts.Ids;
import dev.engram.contracts.StopReason;
import dev.engram.contracts.api.UsageStatistics;
import dev.engram.contracts.events.RunCancellationRequested;
import dev.engram.contracts.events.RunCompleted;
import dev.engram.contracts.events.RunFailed;
import dev.engram.contracts.events.RunStarted;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@code GET /v1/runs/} filters and pages, deleting runs, and cancelling an agent's runs. */
@QuarkusTest
@QuarkusTestResource(AgentApiTestResource.class)
class RunsListAndCancelTest extends PlaysStepRunner {
  @Test
  void runsAreListedWithLettasFiltersAndCursors() {
    String agentId = createAgent(Map.of()).get("id").asText();
    String other = createAgent(Map.of()).get("id").asText();
    List<String> mine = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      mine.add(async(agentId));
    }
    String theirs = async(other);
    kafka.produce(new RunCompleted(Ids.newId(Ids.EVENT), agentId, mine.get(0), StopReason.END_TURN, List.of(),
        UsageStatistics.ZERO, Instant.now()),
        new RunFailed(Ids.newId(Ids.EVENT), agentId, mine.get(1), StopReason.MAX_TOKENS_EXCEEDED, null, "too long",
            List.of(), UsageStatistics.ZERO, Instant.now()),
        new RunStarted(Ids.newId(Ids.EVENT), agentId, mine.get(2), Instant.now()));
    AsyncRunsTest.awaitStatus(mine.get(2), "running");
    AsyncRunsTest.awaitStatus(mine.get(1), "failed");

    // Newest first by default; every item is Letta's Run.
    JsonNode all = json(given().queryParam("agent_id", agentId).when().get("/v1/runs/").then().statusCode(200)
        .extract().response());
    assertThat(ids(all)).containsExactly(mine.get(3), mine.get(2), mine.get(1), mine.get(0));
    all.forEach(run -> assertShape("Run", run));
    given().queryParam("agent_id", agentId).queryParam("order", "asc").queryParam("limit", 2).when()
        .get("/v1/runs/").then().statusCode(200).body("id", equalTo(mine.subList(0, 2)));
    given().queryParam("agent_id", agentId).queryParam("order", "asc").queryParam("after", mine.get(1)).when()
        .get("/v1/runs/").then().statusCode(200).body("id", equalTo(mine.subList(2, 4)));
    given().queryParam("agent_id", agentId).queryParam("before", mine.get(1)).when()
        .get("/v1/runs/").then().statusCode(200).body("id", equalTo(List.of(mine.get(3), mine.get(2))));
    given().queryParam("agent_ids", agentId).queryParam("agent_ids", other).queryParam("limit", 10).when()
        .get("/v1/runs/").then().statusCode(200).body("size()", equalTo(5)).body("id[0]", equalTo(theirs));
    given().queryParam("agent_id", agentId).queryParam("statuses", "completed").queryParam("statuses", "failed")
        .when().get("/v1/runs/").then().statusCode(200).body("id", equalTo(List.of(mine.get(1), mine.get(0))));
    given().queryParam("agent_id", agentId).queryParam("active", "true").when().get("/v1/runs/").then()
        .statusCode(200).body("id", equalTo(List.of(mine.get(3), mine.get(2))));
    given().queryParam("agent_id", agentId).queryParam("stop_reason", "max_tokens_exceeded").when()
        .get("/v1/runs/").then().statusCode(200).body("id", equalTo(List.of(mine.get(1))));
    given().queryParam("agent_id", agentId).queryParam("background", "false").when().get("/v1/runs/").then()
        .statusCode(200).body("size()", equalTo(0));
    given().queryParam("agent_id", agentId).queryParam("conversation_id", "conv-" + UUID.randomUUID()).when()
        .get("/v1/runs/").then().statusCode(200).body("size()", equalTo(0));
    // letta-code's query: the newest run of the agent in some statuses.
    given().queryParam("agent_id", agentId).queryParam("statuses", "running").queryParam("order", "desc")
        .queryParam("limit", 1).when().get("/v1/runs/").then().statusCode(200).body("id", equalTo(List.of(mine.get(2))));

    given().queryParam("agent_id", agentId).when().get("/v1/runs/active").then().statusCode(200)
        .body("id", equalTo(List.of(mine.get(3), mine.get(2))));
    given().when().get("/v1/runs/" + mine.get(0) + "/trace").then().statusCode(501)
        .body("detail", containsString("not recorded"));

    given().queryParam("statuses", "sleeping").when().get("/v1/runs/").then().statusCode(422);
    given().queryParam("stop_reason", "tired").when().get("/v1/runs/").then().statusCode(422);
    given().queryParam("limit", 1001).when().get("/v1/runs/").then().statusCode(422);
    given().queryParam("order", "sideways").when().get("/v1/runs/").then().statusCode(422);
    given().queryParam("agent_id", "agent-nope").when().get("/v1/runs/").then().statusCode(422);
    given().queryParam("after", "run-" + UUID.randomUUID()).when().get("/v1/runs/").then().statusCode(404);
  }

  @Test
  void endedRunsCanBeDeletedAndActiveOnesMustBeCancelledFirst() {
    String agentId = createAgent(Map.of()).get("id").asText();
    String active = async(agentId);
    String done = async(agentId);
    kafka.produce(new RunCompleted(Ids.newId(Ids.EVENT), agentId, done, StopReason.END_TURN, List.of(),
        UsageStatistics.ZERO, Instant.now()));
    AsyncRunsTest.awaitStatus(done, "completed");

    given().when().delete("/v1/runs/" + active).then().statusCode(409).body("detail", containsString("cancel"));
    given().when().delete("/v1/runs/" + done).then().statusCode(200).body("id", equalTo(done));
    given().when().get("/v1/runs/" + done).then().statusCode(404);
    given().when().delete("/v1/runs/" + done).then().statusCode(404);
  }

  @Test
  void cancellingAsksStepRunnerAndAnswersLettasMap() {
    String agentId = createAgent(Map.of()).get("id").asText();
    String base = "/v1/agents/" + agentId + "/messages/cancel";
    // Nothing to cancel: Letta's 409.
    given().contentType(ContentType.JSON).body("{}").when().post(base).then().statusCode(409)
        .body("detail", containsString("No active runs"));

    String queued = async(agentId);
    String running = async(agentId);
    String finished = async(agentId);
    String cancelledBefore = async(agentId);
    kafka.produce(new RunStarted(Ids.newId(Ids.EVENT), agentId, running, Instant.now()),
        new RunCompleted(Ids.newId(Ids.EVENT), agentId, finished, StopReason.END_TURN, List.of(),
            UsageStatistics.ZERO, Instant.now()),
        new RunFailed(Ids.newId(Ids.EVENT), agentId, cancelledBefore, StopReason.CANCELLED, null, null, List.of(),
            UsageStatistics.ZERO, Instant.now()));
    AsyncRunsTest.awaitStatus(cancelledBefore, "cancelled");
    AsyncRunsTest.awaitStatus(running, "running");

    String unknown = "run-" + UUID.randomUUID();
    JsonNode answer = json(given().contentType(ContentType.JSON)
        .body(Map.of("run_ids", List.of(running, finished, cancelledBefore, unknown))).when().post(base)
        .then().statusCode(200).extract().response());
    assertThat(answer.get(running).asText()).isEqualTo("cancelled");
    assertThat(answer.get(finished).asText()).isEqualTo("failed");
    assertThat(answer.get(cancelledBefore).asText()).isEqualTo("cancelled");
    assertThat(answer.get(unknown).asText()).isEqualTo("failed");
    assertThat(kafka.awaitInbox(agentId, RunCancellationRequested.class, 0).runId()).isEqualTo(running);

    // No ids: every active run of the agent (the queued one and the running one), one request each.
    JsonNode all = json(given().when().post(base).then().statusCode(200).extract().response());
    assertThat(all.properties()).hasSize(2);
    assertThat(all.get(queued).asText()).isEqualTo("cancelled");
    assertThat(all.get(running).asText()).isEqualTo("cancelled");
    assertThat(List.of(kafka.awaitInbox(agentId, RunCancellationRequested.class, 1).runId(),
        kafka.awaitInbox(agentId, RunCancellationRequested.class, 2).runId())).containsExactly(queued, running);
    // agent-api does not declare the queued run cancelled itself: step-runner does, when it has dropped it.
    given().when().get("/v1/runs/" + queued).then().statusCode(200).body("status", equalTo("created"));
    kafka.produce(new RunFailed(Ids.newId(Ids.EVENT), agentId, queued, StopReason.CANCELLED, null, null, List.of(),
        UsageStatistics.ZERO, Instant.now()));
    AsyncRunsTest.awaitStatus(queued, "cancelled");
    given().when().get("/v1/runs/" + queued).then().body("stop_reason", equalTo("cancelled"))
        .body("completed_at", org.hamcrest.Matchers.notNullValue());

    given().contentType(ContentType.JSON).body(Map.of("run_ids", List.of("run-bad"))).when().post(base).then()
        .statusCode(422);
    given().contentType(ContentType.JSON).body("{}").when()
        .post("/v1/agents/agent-" + UUID.randomUUID() + "/messages/cancel").then().statusCode(404);
  }

  @Test
  void theDefaultConversationCancelsTheAgentsRuns() {
    String agentId = createAgent(Map.of()).get("id").asText();
    String base = "/v1/conversations/default/cancel";
    given().queryParam("agent_id", agentId).when().post(base).then().statusCode(409);
    String runId = async(agentId);
    given().queryParam("agent_id", agentId).when().post(base).then().statusCode(200)
        .body(runId, equalTo("cancelled"));
    assertThat(kafka.awaitInbox(agentId, RunCancellationRequested.class, 0).runId()).isEqualTo(runId);
    // The deprecated form names the agent in place of the conversation.
    given().when().post("/v1/conversations/" + agentId + "/cancel").then().statusCode(200)
        .body(runId, equalTo("cancelled"));
    given().when().post(base).then().statusCode(422).body("detail", containsString("agent_id"));
    given().when().post("/v1/conversations/conv-" + UUID.randomUUID() + "/cancel").then().statusCode(404);
  }

  @Test
  void aRunFailedEventNeverReadsAsCompleted() {
    String agentId = createAgent(Map.of()).get("id").asText();
    String runId = async(agentId);
    kafka.produce(new RunFailed(Ids.newId(Ids.EVENT), agentId, runId, StopReason.END_TURN, "internal_error", "boom",
        List.of(), UsageStatistics.ZERO, Instant.now()));
    AsyncRunsTest.awaitStatus(runId, "failed");
    given().when().get("/v1/runs/" + runId).then().body("stop_reason", equalTo("error"));
  }

  private static String async(String agentId) {
    return given().contentType(ContentType.JSON).body(Map.of("input", "hi")).when()
        .post("/v1/agents/" + agentId + "/messages/async").then().statusCode(200).extract().path("id");
  }

  private static List<String> ids(JsonNode runs) {
    List<String> out = new ArrayList<>();
    runs.forEach(r -> out.add(r.get("id").asText()));
    return out;
  }
}
