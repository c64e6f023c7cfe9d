package dev.engram.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.contracts.api.AgentSnapshot;
import dev.engram.contracts.api.ApprovalItem;
import dev.engram.contracts.api.ClientTool;
import dev.engram.contracts.api.InputMessage;
import dev.engram.contracts.api.LlmConfig;
import dev.engram.contracts.events.AgentInboxEvent;
import dev.engram.contracts.events.EventTopics;
import dev.engram.contracts.events.MessageReceived;
import dev.engram.contracts.message.ApprovalRequestMessage;
import dev.engram.contracts.message.ApprovalResponseMessage;
import dev.engram.contracts.message.LettaMessage;
import dev.engram.contracts.message.ToolCall;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The approval additions to the wire: a MessageReceived that answers an approval request and offers client-side
 * tools, and the two approval message types, against golden fixtures (the event's main fixture stays the plain
 * form, so older consumers' view of it is unchanged).
 */
class ApprovalWireFormatTest {
  private static final Path FIXTURES = Path.of("src/test/resources/approvals");
  private static final String AGENT = "agent-11111111-1111-4111-8111-111111111111";
  private static final String RUN = "run-22222222-2222-4222-8222-222222222222";
  private static final String MSG = "message-33333333-3333-4333-8333-333333333333";

  @Test
  void aMessageReceivedCarryingApprovalsAndClientToolsMatchesItsFixture() throws IOException {
    AgentSnapshot agent = new AgentSnapshot(AGENT, "sam", "letta_v1_agent", "You are Sam.",
        new LlmConfig("gpt-4o-mini", "openai", null, 128000, "openai/gpt-4o-mini", "openai", "base", null, null,
            false), List.of(), "UTC");
    MessageReceived event = new MessageReceived("event-1", AGENT, RUN, agent, List.of(
        InputMessage.approval(List.of(ApprovalItem.decision("call-1", false, "not now"),
            ApprovalItem.toolReturn("call-2", "success", "42 files", "listed", null)), null, null, null, "otid-9"),
        new InputMessage("user", "and then?", null, null)), 50, Instant.parse("2026-01-02T03:04:05Z"), null, false,
        List.of(new ClientTool("list_files", "Lists files.", Map.of("type", "object"))));

    JsonNode expected = golden("MessageReceived-approval.json", event);
    assertThat(Json.MAPPER.readTree(Json.write(event))).isEqualTo(expected);
    AgentInboxEvent parsed = EventTopics.parse(expected.toString(), AgentInboxEvent.class);
    assertThat(parsed).isEqualTo(event);
    assertThat(((MessageReceived) parsed).answersApproval()).isTrue();
    assertThat(expected.path("messages").get(0).has("answers_approval")).as("helpers are not wire fields").isFalse();
  }

  @Test
  void theApprovalMessagesMatchTheirFixtures() throws IOException {
    ToolCall call = new ToolCall("list_files", "{\"path\":\".\"}", "call-2");
    List<LettaMessage> messages = List.of(
        new ApprovalRequestMessage(MSG, "2026-01-02T03:04:05+00:00", null, "otid-1", null, "step-1", RUN, call,
            List.of(call)),
        new ApprovalResponseMessage(MSG, "2026-01-02T03:04:06+00:00", null, "otid-2", null, null, RUN,
            List.of(ApprovalItem.decision("call-2", true, null)), null, null, null));
    for (LettaMessage m : messages) {
      JsonNode expected = golden(m.getClass().getSimpleName() + ".json", m);
      assertThat(Json.MAPPER.readTree(Json.write(m))).isEqualTo(expected);
      assertThat(Json.MAPPER.readValue(expected.toString(), LettaMessage.class)).isEqualTo(m);
    }
  }

  private static JsonNode golden(String name, Object sample) throws IOException {
    Path fixture = FIXTURES.resolve(name);
    if (System.getProperty("engram.writeFixtures") != null) {
      Files.createDirectories(fixture.getParent());
      Files.writeString(fixture, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(sample) + "\n");
    }
    assertThat(fixture).as("golden fixture %s", name).exists();
    return Json.MAPPER.readTree(Files.readString(fixture));
  }
}
