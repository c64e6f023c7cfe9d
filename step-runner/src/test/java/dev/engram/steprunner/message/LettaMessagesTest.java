package dev.engram.steprunner.message;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.contracts.message.AssistantMessage;
import dev.engram.contracts.message.LettaMessage;
import dev.engram.contracts.message.ReasoningMessage;
import dev.engram.contracts.message.ToolCallMessage;
import dev.engram.contracts.message.ToolReturnMessage;
import dev.engram.contracts.message.UserMessage;
import dev.engram.platform.llm.LlmToolCall;
import dev.engram.steprunner.persistence.StoredMessage;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LettaMessagesTest {
  private static final String ID = "message-12345678-1234-4234-8234-123456789abc";

  private static StoredMessage stored(StoredMessage.Role role, String content, String reasoning,
      List<LlmToolCall> calls, String toolCallId, String status) {
    return new StoredMessage(1, ID, "agent-x", "run-x", "step-x", role, content, reasoning, calls, toolCallId,
        calls.isEmpty() ? "memory_replace" : null, status, null, "client-otid", true,
        Instant.parse("2026-01-02T03:04:05.678Z"));
  }

  @Test
  void assistantRowYieldsReasoningTextAndToolCallSharingTheStoredId() {
    var call = new LlmToolCall("call_1", "memory_replace", "{\"label\":\"human\"}");
    List<LettaMessage> parts = LettaMessages.of(stored(StoredMessage.Role.ASSISTANT, "Noted.", "thinking",
        List.of(call), null, null));

    assertThat(parts).hasSize(3);
    assertThat(parts.get(0)).isInstanceOf(ReasoningMessage.class);
    assertThat(parts.get(1)).isInstanceOfSatisfying(AssistantMessage.class,
        m -> assertThat(m.content()).isEqualTo("Noted."));
    assertThat(parts.get(2)).isInstanceOfSatisfying(ToolCallMessage.class, m -> {
      assertThat(m.toolCall().toolCallId()).isEqualTo("call_1");
      assertThat(m.toolCalls()).hasSize(1);
    });
    assertThat(parts).allSatisfy(p -> assertThat(p.id()).isEqualTo(ID));
    assertThat(parts.get(0).date()).isEqualTo("2026-01-02T03:04:05+00:00");
  }

  @Test
  void partOtidsAreDerivedFromTheMessageIdAndDistinct() {
    var m = stored(StoredMessage.Role.ASSISTANT, "x", null, List.of(), null, null);
    assertThat(LettaMessages.otid(m, -1)).isEqualTo("12345678-1234-4234-8234-123456789abc");
    assertThat(LettaMessages.otid(m, 0)).isEqualTo("12345678-1234-4234-8234-123456789a80");
    assertThat(LettaMessages.otid(m, 1)).isEqualTo("12345678-1234-4234-8234-123456789a81");
  }

  @Test
  void toolRowBecomesToolReturnWithItsStatus() {
    List<LettaMessage> parts = LettaMessages.of(stored(StoredMessage.Role.TOOL, "boom", null, List.of(), "call_9",
        "error"));
    assertThat(parts).singleElement().isInstanceOfSatisfying(ToolReturnMessage.class, m -> {
      assertThat(m.status()).isEqualTo("error");
      assertThat(m.toolCallId()).isEqualTo("call_9");
      assertThat(m.toolReturns()).singleElement().satisfies(r -> assertThat(r.toolReturn()).isEqualTo("boom"));
    });
  }

  @Test
  void userRowKeepsTheClientsOtid() {
    List<LettaMessage> parts = LettaMessages.of(stored(StoredMessage.Role.USER, "hi", null, List.of(), null, null));
    assertThat(parts).singleElement().isInstanceOfSatisfying(UserMessage.class,
        m -> assertThat(m.otid()).isEqualTo("client-otid"));
  }
}
