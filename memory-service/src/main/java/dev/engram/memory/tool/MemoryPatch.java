package dev.engram.memory.tool;

import java.util.ArrayList;
import java.util.List;

/** Parsing and applying the patch language of {@code memory_apply_patch}, as pure functions. */
public final class MemoryPatch {
  private static final String ADD = "*** Add Block:";
  private static final String DELETE = "*** Delete Block:";
  private static final String UPDATE = "*** Update Block:";
  private static final String MOVE = "*** Move to:";

  /** One operation of a multi-block patch. */
  public sealed interface Operation permits Add, Delete, Update, Move {
  }

  /** Creates a block with {@code content}. */
  public record Add(String label, String description, String content) implements Operation {
  }

  /** Detaches a block. */
  public record Delete(String label) implements Operation {
  }

  /** Applies hunks to a block. */
  public record Update(String label, String hunks) implements Operation {
  }

  /** Renames the block the previous header named. */
  public record Move(String from, String to) implements Operation {
  }

  private MemoryPatch() {
  }

  /** Whether the patch uses block headers (multi-block mode) rather than targeting the {@code label} argument. */
  public static boolean isMultiBlock(String patch) {
    return patch.lines().anyMatch(l -> l.startsWith(ADD) || l.startsWith(DELETE) || l.startsWith(UPDATE)
        || l.startsWith(MOVE));
  }

  /** The operations of a multi-block patch, in order. */
  public static List<Operation> parse(String patch) {
    List<Operation> ops = new ArrayList<>();
    List<String> lines = patch.lines().toList();
    String lastLabel = null;
    String addLabel = null;
    String addDescription = "";
    List<String> addLines = null;
    String updateLabel = null;
    List<String> updateLines = null;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      boolean header = line.startsWith(ADD) || line.startsWith(DELETE) || line.startsWith(UPDATE);
      if (header || line.startsWith(MOVE)) {
        if (addLines != null && (header || line.startsWith(MOVE))) {
          ops.add(new Add(addLabel, addDescription, stripTrailingNewlines(String.join("\n", addLines))));
          addLines = null;
        }
        if (updateLines != null) {
          ops.add(new Update(updateLabel, String.join("\n", updateLines)));
          updateLines = null;
        }
      }
      if (line.startsWith(ADD)) {
        addLabel = headerValue(line, "*** Add Block: must specify a non-empty label");
        addDescription = "";
        addLines = new ArrayList<>();
        if (i + 1 < lines.size() && lines.get(i + 1).startsWith("Description:")) {
          addDescription = lines.get(++i).substring("Description:".length()).strip();
        }
        lastLabel = addLabel;
      } else if (line.startsWith(DELETE)) {
        lastLabel = headerValue(line, "*** Delete Block: must specify a non-empty label");
        ops.add(new Delete(lastLabel));
      } else if (line.startsWith(UPDATE)) {
        updateLabel = headerValue(line, "*** Update Block: must specify a non-empty label");
        updateLines = new ArrayList<>();
        lastLabel = updateLabel;
      } else if (line.startsWith(MOVE)) {
        String to = headerValue(line, "*** Move to: must specify a non-empty new label");
        if (lastLabel == null) {
          throw new ToolException("*** Move to: must follow an Add/Update/Delete header");
        }
        ops.add(new Move(lastLabel, to));
        lastLabel = to;
      } else if (addLines != null) {
        if (line.startsWith("+")) {
          addLines.add(line.substring(1));
        } else if (line.isBlank()) {
          addLines.add("");
        }
      } else if (updateLines != null) {
        updateLines.add(line);
      }
    }
    if (addLines != null) {
      ops.add(new Add(addLabel, addDescription, stripTrailingNewlines(String.join("\n", addLines))));
    }
    if (updateLines != null) {
      ops.add(new Update(updateLabel, String.join("\n", updateLines)));
    }
    if (ops.isEmpty()) {
      throw new ToolException("No operations found. Provide at least one of: *** Add Block, *** Delete Block, "
          + "*** Update Block.");
    }
    return ops;
  }

  /**
   * Applies unified-diff hunks ({@code ' '} context, {@code '-'} removed, {@code '+'} added lines, split by
   * {@code @@}) to {@code value}; each hunk's context must match exactly one place.
   */
  public static String applyHunks(String value, String patch) {
    List<String> current = new ArrayList<>(List.of(MemoryEdits.expandTabs(value).split("\n", -1)));
    List<List<String>> hunks = new ArrayList<>();
    List<String> hunk = new ArrayList<>();
    for (String line : MemoryEdits.expandTabs(patch).lines().toList()) {
      if (line.startsWith("*** ") || line.startsWith("---") || line.startsWith("+++")) {
        continue;
      }
      if (line.startsWith("@@")) {
        if (!hunk.isEmpty()) {
          hunks.add(hunk);
          hunk = new ArrayList<>();
        }
      } else if (line.startsWith(" ") || line.startsWith("-") || line.startsWith("+")) {
        hunk.add(line);
      } else if (line.isBlank()) {
        // A blank patch line is context for an empty line.
        hunk.add(" ");
      }
    }
    if (!hunk.isEmpty()) {
      hunks.add(hunk);
    }
    if (hunks.isEmpty()) {
      throw new ToolException("No applicable hunks found in patch. Ensure lines start with ' ', '-', or '+'.");
    }
    for (List<String> h : hunks) {
      List<String> expected = new ArrayList<>();
      List<String> replacement = new ArrayList<>();
      for (String line : h) {
        String text = line.substring(1);
        switch (line.charAt(0)) {
          case ' ' -> {
            expected.add(text);
            replacement.add(text);
          }
          case '-' -> expected.add(text);
          default -> replacement.add(text);
        }
      }
      if (expected.isEmpty()) {
        current.addAll(replacement);
        continue;
      }
      List<Integer> matches = new ArrayList<>();
      for (int i = 0; i + expected.size() <= current.size(); i++) {
        if (current.subList(i, i + expected.size()).equals(expected)) {
          matches.add(i);
        }
      }
      if (matches.isEmpty()) {
        throw new ToolException("Failed to apply patch: expected hunk context not found in the memory block. Verify "
            + "the target lines exist and try providing more context. Expected start:\n"
            + String.join("\n", expected.subList(0, Math.min(4, expected.size()))));
      }
      if (matches.size() > 1) {
        throw new ToolException("Failed to apply patch: hunk context matched multiple places in the memory block. "
            + "Please add more unique surrounding context to disambiguate.");
      }
      int at = matches.get(0);
      List<String> next = new ArrayList<>(current.subList(0, at));
      next.addAll(replacement);
      next.addAll(current.subList(at + expected.size(), current.size()));
      current = next;
    }
    return String.join("\n", current);
  }

  private static String headerValue(String line, String error) {
    String value = line.substring(line.indexOf(':') + 1).strip();
    if (value.isEmpty()) {
      throw new ToolException(error);
    }
    return value;
  }

  private static String stripTrailingNewlines(String s) {
    int end = s.length();
    while (end > 0 && s.charAt(end - 1) == '\n') {
      end--;
    }
    return s.substring(0, end);
  }
}
