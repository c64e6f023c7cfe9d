package dev.engram.contracts;

import java.util.List;

/**
 * Texts shared by the service that renders core memory into the prompt (step-runner) and the one that
 * edits it (memory-service): default block descriptions and the note above line-numbered block values,
 * which memory tools must refuse to copy into a block.
 */
public final class MemoryPrompt {
  /** Description of a {@code persona} block created without one. */
  public static final String DEFAULT_PERSONA_DESCRIPTION = "The persona block: who you are. Your identity, "
      + "personality, values and the way you speak and behave. Keep it consistent from one conversation to the next.";
  /** Description of a {@code human} block created without one. */
  public static final String DEFAULT_HUMAN_DESCRIPTION = "The human block: what you know about the person you are "
      + "talking with, such as their name, preferences and circumstances, so that you can personalise the "
      + "conversation.";
  /** Engram's note above a line-numbered block value. */
  public static final String LINE_NUMBER_NOTE = "# Lines are numbered ('1→', '2→', ...) only so that you can "
      + "point at them; the numbers are not part of the text. Never put them into a memory edit.";
  /**
   * Letta's note above line-numbered values: agents moved over from Letta may have learnt to copy it, so
   * memory tools refuse it as well.
   */
  public static final String LETTA_LINE_NUMBER_NOTE = "# NOTE: Line numbers shown below (with arrows like '1→') "
      + "are to help during editing. Do NOT include line number prefixes in your memory edit tool calls.";
  /** Every line-number note a memory edit must not contain. */
  public static final List<String> LINE_NUMBER_NOTES = List.of(LINE_NUMBER_NOTE, LETTA_LINE_NUMBER_NOTE);

  /** The default description of a block label, or null when the label has none. */
  public static String defaultDescription(String label) {
    return switch (label == null ? "" : label) {
      case "persona" -> DEFAULT_PERSONA_DESCRIPTION;
      case "human" -> DEFAULT_HUMAN_DESCRIPTION;
      default -> null;
    };
  }

  private MemoryPrompt() {
  }
}
