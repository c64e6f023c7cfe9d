package dev.engram.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.contracts.api.AgentSnapshot;
import dev.engram.contracts.api.InputMessage;
import dev.engram.contracts.api.LlmConfig;
import dev.engram.contracts.api.ToolDefinition;
import dev.engram.contracts.api.UsageStatistics;
import dev.engram.contracts.events.AgentDeleted;
import dev.engram.contracts.events.BlockDeleted;
import dev.engram.contracts.events.BlockUpdated;
import dev.engram.contracts.events.ContextWindowOverflowed;
import dev.engram.contracts.events.ConversationSummarized;
import dev.engram.contracts.events.DomainEvent;
import dev.engram.contracts.events.EventTopics;
import dev.engram.contracts.events.MessageChunk;
import dev.engram.contracts.events.MessageReceived;
import dev.engram.contracts.events.MessagesPersisted;
import dev.engram.contracts.events.RunCancellationRequested;
import dev.engram.contracts.events.RunCompleted;
import dev.engram.contracts.events.RunFailed;
import dev.engram.contracts.events.RunStarted;
import dev.engram.contracts.events.StepCompleted;
import dev.engram.contracts.events.SummarizationFailed;
import dev.engram.contracts.events.ToolCallFailed;
import dev.engram.contracts.events.ToolCallRequested;
import dev.engram.contracts.events.ToolCallSucceeded;
import dev.engram.contracts.message.AssistantMessage;
import dev.engram.contracts.message.ToolCall;
import dev.engram.contracts.message.ToolCallMessage;
import dev.engram.contracts.message.ToolReturn;
import dev.engram.contracts.message.ToolReturnMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The wire contract: every event type has a golden JSON fixture; each sample serializes to exactly
 * its fixture and each fixture parses back to an equal event through its topic's sealed family.
 */
class EventWireFormatTest {
  private static final Path FIXTURES = Path.of("src/test/resources/events");
  private static final Instant T = Instant.parse("2026-01-02T03:04:05Z");
  private static final String AGENT = "agent-11111111-1111-4111-8111-111111111111";
  private static final String RUN = "run-22222222-2222-4222-8222-222222222222";
  private static final String STEP = "step-33333333-3333-4333-8333-333333333333";
  private static final String MSG = "message-44444444-4444-4444-8444-444444444444";
  private static final String BLOCK = "block-55555555-5555-4555-8555-555555555555";

  static Stream<DomainEvent> samples() {
    var llm = new LlmConfig("gpt-4o-mini", "openai", "https://api.openai.com/v1", 128000, "openai/gpt-4o-mini",
        "openai", "base", 0.7, 4096, false);
    var tool = new ToolDefinition("tool-66666666-6666-4666-8666-666666666666", "memory_replace", "Replace text.",
        ToolDefinition.LETTA_MEMORY_CORE, Map.of("name", "memory_replace"), 50000);
    var usage = new UsageStatistics(10, 100, 110, 1);
    var call = new ToolCall("memory_replace", "{\"label\":\"human\"}", "call_1");
    return Stream.of(
        new MessageReceived("event-1", AGENT, RUN,
            new AgentSnapshot(AGENT, "sam", "letta_v1_agent", "You are Sam.", llm, List.of(tool), "UTC"),
            List.of(new InputMessage("user", "hello", "otid-1", null)), 50, T, null, true),
        new AgentDeleted("event-2", AGENT, T),
        new RunStarted("event-3", AGENT, RUN, T),
        new StepCompleted("event-4", AGENT, RUN, STEP, 0, "openai/gpt-4o-mini", usage, 1000, 800, 100, T),
        new RunCompleted("event-5", AGENT, RUN, StopReason.END_TURN, List.of(
            new ToolCallMessage(MSG, "2026-01-02T03:04:05+00:00", null, null, null, STEP, RUN, call, List.of(call)),
            new ToolReturnMessage(MSG, "2026-01-02T03:04:05+00:00", null, null, null, STEP, RUN, "ok", "success",
                "call_1", List.of(ToolReturn.of("call_1", "success", "ok"))),
            new AssistantMessage(MSG, "2026-01-02T03:04:05+00:00", null, null, null, STEP, RUN, "Done.")),
            usage, T, new StepCompleted("event-4", AGENT, RUN, STEP, 0, "openai/gpt-4o-mini", usage, 1000, 800, 100, T)),
        new RunFailed("event-6", AGENT, RUN, StopReason.LLM_API_ERROR, "llm_error", "provider down", List.of(),
            UsageStatistics.ZERO, T),
        new ToolCallRequested("event-7", AGENT, RUN, STEP, "call_1", STEP + "/call_1", tool, "{}", T),
        new ToolCallSucceeded("event-8", AGENT, RUN, STEP, "call_1", STEP + "/call_1", "memory_replace", "ok", "",
            "", T),
        new ToolCallFailed("event-9", AGENT, RUN, STEP, "call_1", STEP + "/call_1", "memory_replace", "boom", null,
            null, T),
        new ContextWindowOverflowed("event-10", AGENT, RUN, "openai/gpt-4o-mini", 8192, "post_step", null,
            List.of(new ContextWindowOverflowed.TranscriptLine(MSG, "user", "hello")), T),
        new ConversationSummarized("event-11", AGENT, RUN, "event-10", "They said hello.", List.of(MSG), T),
        new SummarizationFailed("event-12", AGENT, RUN, "event-10", "model unavailable", T),
        new MessagesPersisted("event-13", AGENT,
            List.of(new MessagesPersisted.RecallEntry(MSG, RUN, "user", "hello", T),
                new MessagesPersisted.RecallEntry(MSG, RUN, "assistant", "Hi!", T, "Greet back.",
                    List.of("send_message")))),
        new BlockUpdated("event-14", BLOCK, "human", List.of(AGENT), "api", T),
        new BlockDeleted("event-15", BLOCK, List.of(AGENT), T),
        new MessageChunk("event-6", AGENT, RUN, 3, true,
            new AssistantMessage(MSG, "2026-01-02T03:04:05+00:00", null, "otid-44444444", null, STEP, RUN, "Hel"), T),
        new RunCancellationRequested("event-7", AGENT, RUN, T));
  }

  @ParameterizedTest
  @MethodSource("samples")
  void everyEventMatchesItsGoldenFixture(DomainEvent event) throws IOException {
    String topic = EventTopics.topicOf(event);
    Path fixture = FIXTURES.resolve(topic).resolve(event.getClass().getSimpleName() + ".json");
    if (System.getProperty("engram.writeFixtures") != null) {
      Files.createDirectories(fixture.getParent());
      Files.writeString(fixture, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(event) + "\n");
    }
    assertThat(fixture).as("golden fixture for %s", event.getClass().getSimpleName()).exists();

    JsonNode expected = Json.MAPPER.readTree(Files.readString(fixture));
    assertThat(Json.MAPPER.readTree(Json.write(event))).isEqualTo(expected);
    assertThat(expected.get("type").asText()).isEqualTo(event.getClass().getSimpleName());

    DomainEvent parsed = EventTopics.parse(Files.readString(fixture), EventTopics.familyOf(topic));
    assertThat(parsed).isEqualTo(event);
  }
}
