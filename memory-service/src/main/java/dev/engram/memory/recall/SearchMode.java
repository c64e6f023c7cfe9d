package dev.engram.memory.recall;

import java.util.Locale;

/** How a recall search ranks: by embedding similarity, by full text, or both fused (Letta's {@code search_mode}). */
public enum SearchMode {
  VECTOR, FTS, HYBRID;

  /** The wire name ({@code vector}, {@code fts}, {@code hybrid}). */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The mode a wire name names, or null for an unknown one. */
  public static SearchMode fromWire(String wire) {
    for (SearchMode mode : values()) {
      if (mode.wire().equals(wire)) {
        return mode;
      }
    }
    return null;
  }
}
