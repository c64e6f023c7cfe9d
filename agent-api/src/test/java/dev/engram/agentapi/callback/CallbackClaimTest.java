package dev.engram.agentapi.callback;

import static dev.engram.agentapi.support.Api.createAgent;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.agentapi.support.AgentApiTestResource;
import dev.engram.platform.db.Sql;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The database claim behind webhook delivery: two replicas claiming at once get disjoint runs, a claim blocks
 * others until it is released or its lease ends (an instance that died mid-attempt). The test plays the replicas
 * itself, so this instance's own poller is switched off (its first poll would come after an hour).
 */
@QuarkusTest
@QuarkusTestResource(AgentApiTestResource.class)
@TestProfile(CallbackClaimTest.NoPoller.class)
class CallbackClaimTest {
  /** This instance does not deliver webhooks by itself during the test. */
  public static class NoPoller implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("engram.agent-api.callbacks.poll-interval", "1h");
    }
  }

  private static final String DEAD_URL = "http://127.0.0.1:9/hook";

  @Inject
  CallbackRepository callbacks;

  @Inject
  Sql sql;

  @Test
  void twoReplicasClaimingAtOnceNeverGetTheSameRun() throws Exception {
    String agentId = createAgent(Map.of()).get("id").asText();
    List<String> runs = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      runs.add(asyncRun(agentId));
    }
    // While another replica holds a live claim on them, nobody else can claim them.
    sql.update("UPDATE runs SET callback_claimed_until = now() + interval '1 hour' WHERE id = ANY(CAST(? AS text[]))",
        runs);
    endAll(runs);
    assertThat(callbacks.claimDue(100, Duration.ofMinutes(5))).extracting(DueCallback::runId)
        .doesNotContainAnyElementsOf(runs);
    sql.update("UPDATE runs SET callback_claimed_until = NULL WHERE id = ANY(CAST(? AS text[]))", runs);

    CyclicBarrier start = new CyclicBarrier(2);
    Callable<List<String>> replica = () -> {
      start.await();
      List<String> mine = new ArrayList<>();
      // Claim small batches until nothing is due any more (other tests' pending webhooks may come along too).
      for (int i = 0; i < 100; i++) {
        List<DueCallback> batch = callbacks.claimDue(4, Duration.ofMinutes(5));
        if (batch.isEmpty()) {
          break;
        }
        batch.stream().map(DueCallback::runId).filter(runs::contains).forEach(mine::add);
      }
      return mine;
    };
    List<String> a;
    List<String> b;
    try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
      Future<List<String>> fa = pool.submit(replica);
      Future<List<String>> fb = pool.submit(replica);
      a = fa.get();
      b = fb.get();
    }
    Set<String> union = new HashSet<>(a);
    union.addAll(b);
    // Either replica may happen to claim everything (one can drain the due runs before the other's first claim).
    assertThat(a).doesNotHaveDuplicates().noneMatch(b::contains);
    assertThat(b).doesNotHaveDuplicates();
    assertThat(union).containsExactlyInAnyOrderElementsOf(runs);
  }

  @Test
  void anExpiredClaimIsTakenOverAsTheNextAttempt() {
    String agentId = createAgent(Map.of()).get("id").asText();
    String runId = asyncRun(agentId);
    sql.update("UPDATE runs SET callback_claimed_until = now() + interval '1 hour' WHERE id = ?", runId);
    endAll(List.of(runId));
    // The claimer "died": its lease ran out without an attempt recorded.
    sql.update("UPDATE runs SET callback_claimed_until = now() - interval '1 second', callback_attempts = 1 "
        + "WHERE id = ?", runId);
    List<DueCallback> claimed = callbacks.claimDue(100, Duration.ofMinutes(5)).stream()
        .filter(c -> c.runId().equals(runId)).toList();
    assertThat(claimed).singleElement().satisfies(c -> {
      assertThat(c.attempt()).isEqualTo(2);
      assertThat(c.url()).isEqualTo(DEAD_URL);
      assertThat(c.status()).isEqualTo("completed");
    });
    // Recorded as delivered, it is never claimed again.
    callbacks.recordAttempt(runId, Instant.now(), 204, null, CallbackRepository.DELIVERED, null);
    sql.update("UPDATE runs SET callback_claimed_until = NULL WHERE id = ?", runId);
    assertThat(callbacks.claimDue(100, Duration.ofMinutes(5))).extracting(DueCallback::runId).doesNotContain(runId);
    given().when().get("/v1/runs/" + runId).then().statusCode(200)
        .body("callback_status_code", org.hamcrest.Matchers.equalTo(204));
  }

  private void endAll(List<String> runIds) {
    sql.update("UPDATE runs SET status = 'completed', stop_reason = 'end_turn', completed_at = now() "
        + "WHERE id = ANY(CAST(? AS text[]))", runIds);
  }

  private static String asyncRun(String agentId) {
    return given().contentType(ContentType.JSON).body(Map.of("input", "hi", "callback_url", DEAD_URL)).when()
        .post("/v1/agents/" + agentId + "/messages/async").then().statusCode(200).extract().path("id");
  }
}
