package dev.engram.e2e;

import static dev.engram.e2e.LettaApi.text;
import static dev.engram.e2e.LettaApi.type;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.local.Platform;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Fifty users write to one agent at the same moment: each gets its own answer, and the agent's
 * history holds every exchange once, whole and in the order the messages were accepted.
 */
class ConcurrencyIT {
  private static final int SENDERS = 50;
  private static final Duration REPLY_TIMEOUT = Duration.ofMinutes(3);

  @RegisterExtension
  static final E2eRun RUN = new E2eRun();

  private static Platform platform;
  private static LettaApi api;

  @BeforeAll
  static void startPlatform() {
    platform = RUN.startPlatform();
    api = new LettaApi(platform.apiUrl());
  }


  /** What one sender saw. */
  private record Sent(int index, LettaApi.Reply reply) {
  }

  @Test
  void fiftySimultaneousMessagesAreEachAnsweredOnceAndKeptInAcceptanceOrder() throws Exception {
    String agentId = api.createAgent("concurrency-" + System.currentTimeMillis()).get("id").asText();

    List<Sent> sent = sendAllAtOnce(agentId);

    List<String> runIds = new ArrayList<>();
    for (Sent s : sent) {
      assertThat(s.reply().status()).as("msg-%d: %s", s.index(), s.reply().text()).isEqualTo(200);
      JsonNode body = s.reply().json();
      assertThat(body.path("stop_reason").path("stop_reason").asText()).as("msg-%d", s.index()).isEqualTo("end_turn");
      List<JsonNode> replies = new ArrayList<>();
      body.path("messages").forEach(m -> {
        if (type(m).equals("assistant_message")) {
          replies.add(m);
        }
      });
      assertThat(replies).as("assistant replies to msg-%d: %s", s.index(), body).hasSize(1);
      assertThat(text(replies.get(0))).isEqualTo("Echo: msg-" + s.index());
      runIds.add(replies.get(0).path("run_id").asText());
    }
    assertThat(new HashSet<>(runIds)).as("one run per message").hasSize(SENDERS);

    List<JsonNode> conversation = api.history(agentId).stream()
        .filter(m -> !type(m).equals("system_message")).toList();
    assertThat(conversation).as("50 user messages and 50 replies, nothing else").hasSize(2 * SENDERS);

    Set<String> seen = new HashSet<>();
    List<Instant> acceptedAt = new ArrayList<>();
    for (int i = 0; i < conversation.size(); i += 2) {
      JsonNode user = conversation.get(i);
      JsonNode reply = conversation.get(i + 1);
      assertThat(type(user)).as("position %d alternates user → assistant", i).isEqualTo("user_message");
      assertThat(type(reply)).as("position %d alternates user → assistant", i + 1).isEqualTo("assistant_message");
      String content = text(user);
      assertThat(content).matches("msg-\\d+");
      assertThat(seen.add(content)).as("%s appears once", content).isTrue();
      assertThat(text(reply)).as("the reply right after %s", content).isEqualTo("Echo: " + content);
      String runId = user.path("run_id").asText();
      assertThat(reply.path("run_id").asText()).as("reply to %s is of the same run", content).isEqualTo(runId);
      int index = Integer.parseInt(content.substring("msg-".length()));
      assertThat(runId).as("run of %s is the one its sender got", content).isEqualTo(runIds.get(index));

      JsonNode run = api.run(runId);
      assertThat(run.path("status").asText()).as("run of %s, answered already: %s", content, run)
          .isEqualTo("completed");
      acceptedAt.add(Instant.parse(run.path("created_at").asText()));
    }
    assertThat(seen).as("no message lost").hasSize(SENDERS);
    assertThat(acceptedAt).as("history order is the order in which the runs were accepted").isSorted();
  }

  /** Releases all senders together, each with its own thread and a blocking call. */
  private static List<Sent> sendAllAtOnce(String agentId) throws Exception {
    ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
    try {
      CountDownLatch ready = new CountDownLatch(SENDERS);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Sent>> futures = IntStream.range(0, SENDERS)
          .mapToObj(i -> senders.submit(() -> {
            ready.countDown();
            go.await();
            return new Sent(i, api.sendMessage(agentId, "msg-" + i, REPLY_TIMEOUT));
          }))
          .toList();
      assertThat(ready.await(30, TimeUnit.SECONDS)).as("all senders ready").isTrue();
      go.countDown();
      List<Sent> sent = new ArrayList<>();
      for (Future<Sent> f : futures) {
        sent.add(f.get(REPLY_TIMEOUT.toSeconds() + 30, TimeUnit.SECONDS));
      }
      return sent;
    } finally {
      senders.shutdownNow();
    }
  }
}
