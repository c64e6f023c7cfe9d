package dev.engram.summarizer.summary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.contracts.events.ContextWindowOverflowed;
import dev.engram.contracts.events.ContextWindowOverflowed.TranscriptLine;
import dev.engram.platform.llm.LlmMessage;
import dev.engram.platform.llm.LlmRequest;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SummaryPromptTest {

  @Test
  void transcriptIsTheLastUserMessageWithThePreviousSummaryFirst() {
    ContextWindowOverflowed event = event("The user likes tea.", List.of(
        new TranscriptLine("message-1", "user", "I moved to Lisbon."),
        new TranscriptLine("message-2", "assistant", "I will remember that.")));

    LlmRequest request = SummaryPrompt.request(event, 2000, 4000, null);

    assertThat(request.handle()).isEqualTo("openai/gpt-4o-mini");
    assertThat(request.tools()).isEmpty();
    assertThat(request.messages()).extracting(LlmMessage::role)
        .containsExactly(LlmMessage.Role.SYSTEM, LlmMessage.Role.USER);
    assertThat(request.messages().get(0).content()).contains("at most 2000 characters");
    assertThat(request.messages().get(1).content()).isEqualTo("""
        Earlier summary:
        The user likes tea.

        Messages being removed, oldest first:
        [user] I moved to Lisbon.
        [assistant] I will remember that.

        Write the summary now.""");
  }

  @Test
  void withoutPreviousSummaryOnlyTheTranscriptIsGiven() {
    String text = SummaryPrompt.userMessage(null, List.of(new TranscriptLine("message-1", "tool", "x".repeat(10))), 4);

    assertThat(text).isEqualTo("""
        Messages being removed, oldest first:
        [tool] xxxx [… 6 more characters]

        Write the summary now.""");
  }

  private static ContextWindowOverflowed event(String previousSummary, List<TranscriptLine> evicted) {
    return new ContextWindowOverflowed("event-1", "agent-1", "run-1", "openai/gpt-4o-mini", 8192, "post_step",
        previousSummary, evicted, Instant.now());
  }
}
