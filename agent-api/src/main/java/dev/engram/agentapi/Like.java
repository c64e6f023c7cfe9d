package dev.engram.agentapi;

/** Builds {@code LIKE}/{@code ILIKE} patterns from user text, with its wildcards taken literally. */
public final class Like {

  /** A pattern matching any text that contains {@code text}. */
  public static String contains(String text) {
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
  }

  private Like() {
  }
}
