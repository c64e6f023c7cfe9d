package dev.engram.summarizer.summary;

import dev.engram.contracts.events.ContextWindowOverflowed;
import dev.engram.contracts.events.ContextWindowOverflowed.TranscriptLine;
import dev.engram.platform.llm.LlmMessage;
import dev.engram.platform.llm.LlmRequest;
import java.util.List;

/**
 * Builds the summarization request. The transcript goes into the one user message (providers and
 * the scripted test model read the last user message), the instructions into the system message.
 */
public final class SummaryPrompt {

  /** Instructions to the model; {@code %d} is the character budget. */
  static final String INSTRUCTIONS = """
      You keep the long-term memory of a conversational AI agent. The messages below are being \
      removed from the agent's context window to make room. Your summary replaces them: the agent \
      will see nothing else of these messages.

      Write a concise summary of them that keeps:
      - facts about the user: who they are, preferences, circumstances, anything they asked to be remembered;
      - commitments: what the agent promised or agreed to do, and decisions that were reached;
      - open tasks: unfinished work, unanswered questions and what was about to happen next.
      Leave out greetings, small talk and repetition. If an earlier summary is given, fold it into \
      the new summary so that one summary covers everything; where they disagree, the newer \
      messages win.

      Answer with the summary only, in plain sentences or short bullet points, referring to the \
      participants as "the user" and "the assistant", in at most %d characters.""";

  /** The request for {@code event} with the agent's own model, cutting each evicted message to {@code maxLineChars}. */
  public static LlmRequest request(ContextWindowOverflowed event, int maxSummaryChars, int maxLineChars,
      Integer maxOutputTokens) {
    return request(event, event.modelHandle(), maxSummaryChars, maxLineChars, maxOutputTokens);
  }

  /**
   * The request for {@code event} with {@code model}; the agent's own summarization prompt (compaction
   * settings) replaces the default instructions.
   */
  public static LlmRequest request(ContextWindowOverflowed event, String model, int maxSummaryChars,
      int maxLineChars, Integer maxOutputTokens) {
    String instructions = event.prompt() == null || event.prompt().isBlank()
        ? INSTRUCTIONS.formatted(maxSummaryChars) : event.prompt();
    List<LlmMessage> messages = List.of(
        LlmMessage.system(instructions),
        LlmMessage.user(userMessage(event.previousSummary(), event.evicted(), maxLineChars)));
    return new LlmRequest(model, messages, List.of(), null, maxOutputTokens, false);
  }

  static String userMessage(String previousSummary, List<TranscriptLine> evicted, int maxLineChars) {
    StringBuilder text = new StringBuilder();
    if (previousSummary != null && !previousSummary.isBlank()) {
      text.append("Earlier summary:\n").append(previousSummary.strip()).append("\n\n");
    }
    text.append("Messages being removed, oldest first:\n");
    for (TranscriptLine line : evicted) {
      String role = line.role() == null ? "unknown" : line.role();
      String content = line.text() == null ? "" : line.text();
      text.append('[').append(role).append("] ").append(SummaryText.shorten(content, maxLineChars)).append('\n');
    }
    text.append("\nWrite the summary now.");
    return text.toString();
  }

  private SummaryPrompt() {
  }
}
