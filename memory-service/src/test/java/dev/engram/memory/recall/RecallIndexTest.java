package dev.engram.memory.recall;

import static dev.engram.memory.MemoryApi.execute;
import static dev.engram.memory.MemoryApi.newAgent;
import static dev.engram.memory.recall.RecallTestSupport.awaitCount;
import static dev.engram.memory.recall.RecallTestSupport.contents;
import static dev.engram.memory.recall.RecallTestSupport.entry;
import static dev.engram.memory.recall.RecallTestSupport.index;
import static dev.engram.memory.recall.RecallTestSupport.publish;
import static dev.engram.memory.recall.RecallTestSupport.search;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.contracts.Ids;
import dev.engram.contracts.Topics;
import dev.engram.contracts.events.MessagesPersisted;
import dev.engram.contracts.events.MessagesPersisted.RecallEntry;
import dev.engram.local.EngramInfraTestResource;
import dev.engram.memory.KafkaTestSupport;
import dev.engram.platform.db.Sql;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = EngramInfraTestResource.class,
    initArgs = @ResourceArg(name = "database", value = "memory"))
class RecallIndexTest {
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  @Inject
  Sql sql;

  @Inject
  RecallRepository repository;

  @Test
  void persistedMessagesAreSearchableByTextAtOnce() throws Exception {
    String agent = newAgent();
    index(agent, List.of(
        entry("user", "My favourite drink is Earl Grey tea", T0),
        entry("assistant", "I moved to Oslo last year", T0.plusSeconds(60))), 2);

    // Full text answers before any vector exists (the worker may not have run yet).
    JsonNode phrase = search(agent, Map.of("query", "moving to oslo"));
    assertThat(contents(phrase)).first().isEqualTo("I moved to Oslo last year");
    assertThat(phrase.get("results").get(0).get("timestamp").asText()).isEqualTo("2026-03-01T10:01:00+00:00");
  }

  @Test
  void theWorkerEmbedsSearchableMessagesInTheBackground() throws Exception {
    String agent = newAgent();
    index(agent, List.of(
        entry("user", "Please remember my locker code", T0),
        entry("assistant", "I will remember it.", T0.plusSeconds(1)),
        entry("tool", "tool return text", T0.plusSeconds(2))), 3);
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(embedded(agent)).isEqualTo(2));
    // Tool messages are never searched, so they are never embedded.
    assertThat(sql.queryOne("SELECT count(*) FROM recall_messages WHERE agent_id = ? AND role = 'tool'"
        + " AND embedding IS NULL", rs -> rs.getLong(1), agent)).contains(1L);
    byte[] vector = sql.queryOne("SELECT embedding FROM recall_messages WHERE agent_id = ? AND role = 'user'",
        rs -> rs.getBytes(1), agent).orElseThrow();
    assertThat(vector).hasSize(384 * Float.BYTES);
  }

  @Test
  void aRedeliveredEventIsIndexedOnce() throws Exception {
    String agent = newAgent();
    MessagesPersisted event = new MessagesPersisted(Ids.newId(Ids.EVENT), agent,
        List.of(entry("user", "hello there", T0)));
    publish(event);
    publish(event);
    MessagesPersisted overlapping = new MessagesPersisted(Ids.newId(Ids.EVENT), agent,
        List.of(event.messages().get(0), entry("user", "second message", T0.plusSeconds(5))));
    publish(overlapping);
    awaitCount(agent, 2);
    assertThat(search(agent, Map.of()).get("results")).hasSize(2);
    assertThat(sql.queryOne("SELECT count(*) FROM recall_messages WHERE agent_id = ?", rs -> rs.getLong(1), agent))
        .contains(2L);
  }

  @Test
  void oneStatementStoresEveryFieldAndRecordsTheEvent() {
    String agent = newAgent();
    String eventId = Ids.newId(Ids.EVENT);
    RecallEntry called = new RecallEntry(Ids.newId(Ids.MESSAGE), "run-a", "assistant", null, null, "",
        List.of("web_search", "memory_insert"));
    RecallEntry plain = new RecallEntry(Ids.newId(Ids.MESSAGE), null, "user", "it's 100% \\ 'quoted'", T0,
        "thought", List.of());
    Instant before = Instant.now().minusSeconds(1);

    assertThat(repository.insertOnce("test.recall", eventId, agent, List.of(called, plain))).isEqualTo(2);
    // A redelivery writes nothing, even with a message the first delivery did not have.
    RecallEntry late = entry("user", "late", T0);
    assertThat(repository.insertOnce("test.recall", eventId, agent, List.of(called, late))).isZero();
    // Another event with an indexed message adds only the new one.
    assertThat(repository.insertOnce("test.recall", Ids.newId(Ids.EVENT), agent, List.of(plain, late)))
        .isEqualTo(1);

    assertThat(sql.queryOne("SELECT text, thinking, array_to_string(tool_names, ','), cardinality(tool_names), "
        + "run_id, created_at >= ? FROM recall_messages WHERE message_id = ?",
        rs -> List.of(rs.getString(1), String.valueOf(rs.getString(2)), rs.getString(3), rs.getInt(4),
            rs.getString(5), rs.getBoolean(6)), before, called.messageId()))
        .contains(List.of("", "null", "web_search,memory_insert", 2, "run-a", true));
    assertThat(sql.queryOne("SELECT text, thinking, cardinality(tool_names), run_id IS NULL, created_at = ? "
        + "FROM recall_messages WHERE message_id = ?",
        rs -> List.of(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getBoolean(4), rs.getBoolean(5)),
        T0, plain.messageId()))
        .contains(List.of("it's 100% \\ 'quoted'", "thought", 0, true, true));
    assertThat(sql.queryOne("SELECT count(*) FROM processed_events WHERE consumer = 'test.recall' AND event_id = ?",
        rs -> rs.getLong(1), eventId)).contains(1L);
  }

  @Test
  void aMessageIsStillFoundAfterManyLaterMessages() throws Exception {
    // The recall index never deletes: a message evicted from the context window long ago is still found.
    String agent = newAgent();
    List<RecallEntry> history = new ArrayList<>();
    history.add(entry("user", "My passport number is X4471-QZ", T0));
    for (int i = 1; i <= 400; i++) {
      history.add(entry(i % 2 == 0 ? "user" : "assistant", "Chatting about the weather, turn " + i,
          T0.plusSeconds(i)));
    }
    index(agent, history, 401);
    JsonNode found = search(agent, Map.of("query", "X4471-QZ"));
    assertThat(contents(found)).first().isEqualTo("My passport number is X4471-QZ");
  }

  @Test
  void badSearchArgumentsAreToolErrors() {
    String agent = newAgent();
    execute(agent, "conversation_search", Map.of("start_date", "yesterday")).statusCode(200)
        .body("status", equalTo("error"))
        .body("tool_return", startsWith("Invalid start_date format: yesterday."));
    execute(agent, "conversation_search", Map.of("roles", List.of("robot"))).statusCode(200)
        .body("tool_return", equalTo("'robot' is not a valid MessageRole"));
  }

  @Test
  void poisonRecordsGoToTheDeadLetterTopic() throws Exception {
    String marker = "not-an-event-" + Ids.newId(Ids.EVENT);
    KafkaTestSupport.send(Topics.MESSAGES, "agent-poison", marker);
    assertThat(KafkaTestSupport.awaitRecord(Topics.deadLetter(Topics.MESSAGES), v -> v.equals(marker)))
        .isEqualTo(marker);
  }

  private long embedded(String agent) {
    return sql.queryOne("SELECT count(*) FROM recall_messages WHERE agent_id = ? AND embedding IS NOT NULL",
        rs -> rs.getLong(1), agent).orElse(0L);
  }
}
