package dev.engram.memory.tool;

import dev.engram.contracts.MemoryPrompt;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The text edits behind Letta's memory tools, as pure functions: each returns the new block value or
 * throws {@link ToolException} with the message the agent reads (Letta's wording where it has one).
 */
public final class MemoryEdits {
  /** Letta's error when an agent edits a read-only block. */
  public static final String READ_ONLY_ERROR = "Error This block is read-only and cannot be edited.";

  private static final Pattern LINE_NUMBER_PREFIX = Pattern.compile("^\\s*\\d+→", Pattern.MULTILINE);
  private static final int TAB_SIZE = 8;

  private MemoryEdits() {
  }

  /** Whether {@code text} carries one of the notes shown above line-numbered block values. */
  public static boolean containsLineNumberNote(String text) {
    return MemoryPrompt.LINE_NUMBER_NOTES.stream().anyMatch(text::contains);
  }

  /** Whether some line of {@code text} starts with a display-only line number such as {@code "3→"}. */
  public static boolean hasLineNumberPrefix(String text) {
    return LINE_NUMBER_PREFIX.matcher(text).find();
  }

  /** Rejects text that carries the prompt's display-only line numbers or their warning banner. */
  public static void rejectLineNumbers(String argument, String text) {
    if (LINE_NUMBER_PREFIX.matcher(text).find()) {
      throw new ToolException(argument + " contains a line number prefix, which is not allowed. Do not include "
          + "line numbers when calling memory tools (line numbers are for display purposes only).");
    }
    if (containsLineNumberNote(text)) {
      throw new ToolException(argument + " contains a line number warning, which is not allowed. Do not include "
          + "line number information when calling memory tools (line numbers are for display purposes only).");
    }
  }

  /** memory_replace: replaces the one occurrence of {@code oldString} (tabs expanded, as Letta does). */
  public static String replaceUnique(String label, String value, String oldString, String newString) {
    rejectLineNumbers("old_string", oldString);
    rejectLineNumbers("new_string", newString);
    String current = expandTabs(value);
    String old = expandTabs(oldString);
    String replacement = expandTabs(newString);
    if (old.isEmpty()) {
      throw new ToolException("No replacement was performed, old_string is empty. Pass the exact text to replace, "
          + "or use memory_insert to add new lines.");
    }
    List<Integer> starts = occurrences(current, old);
    if (starts.isEmpty()) {
      throw new ToolException("No replacement was performed, old_string `" + old
          + "` did not appear verbatim in memory block with label `" + label + "`.");
    }
    if (starts.size() > 1) {
      // Letta names the lines that contain the passage; a passage spanning lines is named by its first line.
      Set<Integer> lines = new LinkedHashSet<>();
      String[] split = current.split("\n", -1);
      for (int i = 0; i < split.length; i++) {
        if (split[i].contains(old)) {
          lines.add(i + 1);
        }
      }
      if (lines.isEmpty()) {
        for (int start : starts) {
          lines.add(lineOf(current, start));
        }
      }
      throw new ToolException("No replacement was performed. Multiple occurrences of old_string `" + old
          + "` in lines " + lines + ". Please ensure it is unique.");
    }
    int at = starts.get(0);
    return current.substring(0, at) + replacement + current.substring(at + old.length());
  }

  /**
   * memory_insert: inserts {@code newString} as lines after line {@code insertLine} (0 = before the first
   * line, -1 = after the last).
   */
  public static String insertLines(String argument, String value, String newString, int insertLine) {
    rejectLineNumbers(argument, newString);
    String[] lines = expandTabs(value).split("\n", -1);
    int count = lines.length;
    int at = insertLine == -1 ? count : insertLine;
    if (at < 0 || at > count) {
      throw new ToolException("Invalid `insert_line` parameter: " + insertLine + ". It should be within the range "
          + "of lines of the memory block: [0, " + count + "], or -1 to append to the end of the memory block.");
    }
    List<String> result = new ArrayList<>(count + 1);
    result.addAll(List.of(lines).subList(0, at));
    result.add(expandTabs(newString));
    result.addAll(List.of(lines).subList(at, count));
    return String.join("\n", result);
  }

  /** memory_rethink: the new value replaces the old one entirely. */
  public static String rethink(String newMemory) {
    rejectLineNumbers("new_memory", newMemory);
    return newMemory;
  }

  /** core_memory_append: appends {@code content} on a new line. */
  public static String append(String value, String content) {
    return value + "\n" + content;
  }

  /** core_memory_replace: replaces every occurrence of {@code oldContent}. */
  public static String replaceAll(String label, String value, String oldContent, String newContent) {
    if (oldContent.isEmpty()) {
      throw new ToolException("old_content is empty. Pass the exact text to replace in memory block '" + label + "'.");
    }
    if (!value.contains(oldContent)) {
      throw new ToolException("Old content '" + oldContent + "' not found in memory block '" + label + "'");
    }
    return value.replace(oldContent, newContent);
  }

  /** Rejects a value longer than the block's character limit, saying by how much so the agent can shorten it. */
  public static void checkLimit(String label, String newValue, int limit) {
    if (newValue.length() > limit) {
      throw new ToolException("Edit failed: Exceeds " + limit + " character limit (requested " + newValue.length()
          + "). The memory block `" + label + "` would be " + (newValue.length() - limit) + " characters over its "
          + "limit; shorten the new text or remove outdated content from the block first.");
    }
  }

  /** Python's {@code str.expandtabs()}: tabs become spaces up to the next multiple of 8 columns. */
  public static String expandTabs(String text) {
    if (text.indexOf('\t') < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    int column = 0;
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      if (ch == '\t') {
        int spaces = TAB_SIZE - column % TAB_SIZE;
        out.append(" ".repeat(spaces));
        column += spaces;
      } else {
        out.append(ch);
        column = ch == '\n' || ch == '\r' ? 0 : column + 1;
      }
    }
    return out.toString();
  }

  private static List<Integer> occurrences(String text, String needle) {
    List<Integer> starts = new ArrayList<>();
    int from = 0;
    while (true) {
      int at = text.indexOf(needle, from);
      if (at < 0) {
        return starts;
      }
      starts.add(at);
      // Non-overlapping, like Python's str.count that Letta's uniqueness rule relies on.
      from = at + needle.length();
    }
  }

  private static int lineOf(String text, int index) {
    int line = 1;
    for (int i = 0; i < index; i++) {
      if (text.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
  }
}
