package dev.engram.steprunner.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.contracts.Json;
import dev.engram.contracts.StopReason;
import dev.engram.contracts.events.MessageChunk;
import dev.engram.contracts.events.MessageReceived;
import dev.engram.contracts.events.RunCompleted;
import dev.engram.contracts.events.RunEvent;
import dev.engram.contracts.message.AssistantMessage;
import dev.engram.contracts.message.LettaMessage;
import dev.engram.contracts.message.ToolCallMessage;
import dev.engram.contracts.message.ToolReturnMessage;
import dev.engram.steprunner.StepRunnerTestResource;
import dev.engram.steprunner.StepRunnerTopics;
import dev.engram.steprunner.message.LettaMessages;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * MessageChunks of runs against real Kafka, PostgreSQL, memory-service and the scripted model over HTTP: whole
 * messages numbered 1..n per run in the order of RunCompleted, and token deltas that concatenate (by otid) to
 * exactly the committed text.
 */
@QuarkusTest
@QuarkusTestResource(StepRunnerTestResource.class)
class RunStreamingTest {
  private static final String TOOL_THEN_REPLY = "<<script>> [{\"tool\":\"memory_insert\",\"args\":{\"label\":"
      + "\"human\",\"new_string\":\"Likes green tea and long walks\"}}, {\"text\":\"Saved that you like green tea "
      + "and long walks; I will remember it next time.\"}] <</script>>";

  private static StepRunnerTopics topics;

  @BeforeAll
  static void connect() {
    topics = StepRunnerTopics.open();
  }

  @AfterAll
  static void disconnect() {
    topics.close();
  }

  private static RunEvent awaitEnd(StepRunnerTopics topics, String runId) {
    return StreamingRuns.awaitEnd(topics, runId, Duration.ofSeconds(60));
  }

  private static List<MessageChunk> chunks(StepRunnerTopics topics, String runId) {
    return StreamingRuns.chunks(topics, runId);
  }

  private static MessageReceived send(StepRunnerTopics topics, String agentId, String text, boolean streamTokens) {
    return StreamingRuns.send(topics, agentId, text, streamTokens);
  }

  /** A message as clients compare it: everything but its date (whole seconds, taken at different moments). */
  private static ObjectNode withoutDate(LettaMessage m) {
    ObjectNode node = Json.MAPPER.valueToTree(m);
    node.remove("date");
    return node;
  }

  private static void assertNumberedFromOneBeforeTheEnd(String runId, List<MessageChunk> chunks) {
    assertThat(chunks).extracting(MessageChunk::seqId)
        .containsExactlyElementsOf(LongStream.rangeClosed(1, chunks.size()).boxed().toList());
    List<RunEvent> events = topics.runEvents().stream().filter(e -> e.runId().equals(runId)).toList();
    assertThat(events.getLast()).as("the run's end comes after all its chunks").isInstanceOf(RunCompleted.class);
  }

  @Test
  void aRunsMessagesAreChunksNumberedFromOneInTheOrderOfRunCompleted() throws Exception {
    String agentId = StepRunnerTopics.newAgent();
    MessageReceived sent = send(topics, agentId, "Remember " + TOOL_THEN_REPLY, false);

    RunCompleted done = (RunCompleted) awaitEnd(topics, sent.runId());

    assertThat(done.stopReason()).isEqualTo(StopReason.END_TURN);
    List<MessageChunk> chunks = chunks(topics, sent.runId());
    assertNumberedFromOneBeforeTheEnd(sent.runId(), chunks);
    assertThat(chunks).noneMatch(MessageChunk::delta);
    assertThat(chunks).extracting(c -> withoutDate(c.message()))
        .containsExactlyElementsOf(done.messages().stream().map(RunStreamingTest::withoutDate).toList());
    assertThat(chunks).extracting(c -> c.message().getClass().getSimpleName())
        .containsExactly("ToolCallMessage", "ToolReturnMessage", "AssistantMessage");
  }

  @Test
  void aRedeliveredMessageAddsNoChunksAndTheNextRunNumbersItsOwnFromOne() throws Exception {
    String agentId = StepRunnerTopics.newAgent();
    MessageReceived first = send(topics, agentId, "Remember " + TOOL_THEN_REPLY, false);
    awaitEnd(topics, first.runId());
    int chunksOfFirst = chunks(topics, first.runId()).size();

    topics.publish(agentId, first);
    MessageReceived next = send(topics, agentId, "and now?", false);
    awaitEnd(topics, next.runId());

    assertThat(chunks(topics, first.runId())).hasSize(chunksOfFirst);
    assertThat(chunks(topics, next.runId())).extracting(MessageChunk::seqId).containsExactly(1L);
  }

  @Test
  void tokenDeltasConcatenatedByOtidAreExactlyTheCommittedMessages() throws Exception {
    String agentId = StepRunnerTopics.newAgent();
    MessageReceived sent = send(topics, agentId, "Remember " + TOOL_THEN_REPLY, true);

    RunCompleted done = (RunCompleted) awaitEnd(topics, sent.runId());

    List<MessageChunk> chunks = chunks(topics, sent.runId());
    assertNumberedFromOneBeforeTheEnd(sent.runId(), chunks);
    // What a client shows: per otid, the concatenated deltas, or the whole message.
    Map<String, String> shown = new LinkedHashMap<>();
    Map<String, Boolean> wholeSent = new LinkedHashMap<>();
    for (MessageChunk c : chunks) {
      String otid = LettaMessages.otidOf(c.message());
      String text = switch (c.message()) {
        case AssistantMessage a -> a.content();
        case ToolCallMessage t -> t.toolCall().arguments();
        case ToolReturnMessage r -> r.toolReturn();
        default -> throw new AssertionError("unexpected chunk " + c);
      };
      if (c.delta()) {
        assertThat(wholeSent).as("no delta after its whole message").doesNotContainKey(otid);
        shown.merge(otid, text, String::concat);
      } else {
        assertThat(shown).as("a streamed part is not sent again whole").doesNotContainKey(otid);
        wholeSent.put(otid, true);
        shown.put(otid, text);
      }
    }
    ToolCallMessage call = (ToolCallMessage) done.messages().get(0);
    ToolReturnMessage toolReturn = (ToolReturnMessage) done.messages().get(1);
    AssistantMessage reply = (AssistantMessage) done.messages().get(2);
    assertThat(shown).containsExactly(Map.entry(call.otid(), call.toolCall().arguments()),
        Map.entry(toolReturn.otid(), toolReturn.toolReturn()), Map.entry(reply.otid(), reply.content()));
    assertThat(reply.content()).startsWith("Saved that you like green tea");
    assertThat(wholeSent).as("only the tool return is sent whole").containsOnlyKeys(toolReturn.otid());
    List<MessageChunk> deltas = chunks.stream().filter(MessageChunk::delta).toList();
    assertThat(deltas).allSatisfy(d -> {
      assertThat(d.message().id()).as("deltas carry the id of the message committed at the end of the step")
          .isIn(call.id(), reply.id());
      assertThat(d.message().stepId()).isIn(call.stepId(), reply.stepId());
    });
    ToolCallMessage firstCallDelta = (ToolCallMessage) deltas.getFirst().message();
    assertThat(firstCallDelta.toolCall().name()).isEqualTo("memory_insert");
    assertThat(firstCallDelta.toolCall().toolCallId()).isEqualTo(call.toolCall().toolCallId());
  }

  @Test
  void aLegacyAgentsSendMessageReplyIsStreamedAsAssistantText() throws Exception {
    String agentId = StepRunnerTopics.newAgent();
    MessageReceived sent = StreamingRuns.send(topics, agentId, "<<script>> [{\"tool\":\"send_message\",\"args\":"
        + "{\"message\":\"Hello \\\"friend\\\",\\nnice to meet you \\u00e9!\",\"request_heartbeat\":false}}]"
        + " <</script>>", true, "memgpt_v2_agent", List.of(StreamingRuns.SEND_MESSAGE, StreamingRuns.MEMORY_INSERT));

    RunCompleted done = (RunCompleted) awaitEnd(topics, sent.runId());

    assertThat(done.stopReason()).isEqualTo(StopReason.END_TURN);
    AssistantMessage reply = (AssistantMessage) done.messages().getFirst();
    assertThat(reply.content()).isEqualTo("Hello \"friend\",\nnice to meet you \u00e9!");
    List<MessageChunk> chunks = chunks(topics, sent.runId());
    assertNumberedFromOneBeforeTheEnd(sent.runId(), chunks);
    List<AssistantMessage> deltas = chunks.stream().filter(MessageChunk::delta)
        .map(c -> (AssistantMessage) c.message()).toList();
    assertThat(deltas).isNotEmpty().allSatisfy(d -> assertThat(d.otid()).isEqualTo(reply.otid()));
    assertThat(deltas.stream().map(AssistantMessage::content).reduce("", String::concat)).isEqualTo(reply.content());
    assertThat(chunks.stream().filter(c -> !c.delta()).map(c -> LettaMessages.otidOf(c.message())))
        .doesNotContain(reply.otid()).hasSize(done.messages().size() - 1);
  }

  /** Runs a one-reply script with token streaming at the model's given rate; returns the run's deltas. */
  private static List<MessageChunk> streamAt(double tokensPerSecond, String reply) throws Exception {
    String agentId = StepRunnerTopics.newAgent();
    StepRunnerTestResource.model.setTokensPerSecond(tokensPerSecond);
    MessageReceived sent;
    RunCompleted done;
    try {
      sent = send(topics, agentId, "<<script>> [{\"text\": \"" + reply + "\"}] <</script>>", true);
      done = (RunCompleted) awaitEnd(topics, sent.runId());
    } finally {
      StepRunnerTestResource.model.setTokensPerSecond(0);
    }
    List<MessageChunk> deltas = chunks(topics, sent.runId()).stream().filter(MessageChunk::delta).toList();
    assertThat(deltas).isNotEmpty();
    assertThat(deltas.stream().map(d -> ((AssistantMessage) d.message()).content()).reduce("", String::concat))
        .isEqualTo(reply).isEqualTo(((AssistantMessage) done.messages().getFirst()).content());
    return deltas;
  }

  @Test
  void theFirstDeltaGoesOutWhileTheModelIsStillGenerating() throws Exception {
    String reply = "Streaming lets a client show the first words of an answer long before the model has "
        + "finished writing all of it, which is what users notice first.";
    int tokens = (reply.length() + 3) / 4;

    // At 25 tokens per second the model needs tokens / 25 s (about 1.5 s) for the whole answer.
    List<MessageChunk> deltas = streamAt(25, reply);

    Duration generation = Duration.ofMillis(tokens * 40L);
    assertThat(Duration.between(deltas.getFirst().emittedAt(), deltas.getLast().emittedAt()))
        .as("first delta ahead of the model's last token").isGreaterThan(generation.dividedBy(2));
  }

  @Test
  void deltasArrivingFasterThanTheIntervalAreBatched() throws Exception {
    String reply = "Batching ".repeat(40).strip();
    int tokens = (reply.length() + 3) / 4;

    // 200 tokens per second: five tokens every 25 ms, against a 30 ms delta interval.
    List<MessageChunk> deltas = streamAt(200, reply);

    assertThat(deltas.size()).as("%d tokens batched into fewer chunks", tokens).isLessThan(tokens / 2);
  }
}
