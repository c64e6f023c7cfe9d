package dev.engram.summarizer.summary;

/** Length limits on summary and transcript text. */
public final class SummaryText {
  /** Ends a clipped summary (Letta's wording). */
  static final String ELLIPSIS = "... [summary truncated to fit]";

  /**
   * {@code text} trimmed and, if longer than {@code maxChars}, cut to at most that many characters:
   * at the last word boundary when one is near the limit, ending in the truncation marker.
   */
  public static String clip(String text, int maxChars) {
    String trimmed = text.strip();
    if (trimmed.length() <= maxChars) {
      return trimmed;
    }
    if (maxChars <= ELLIPSIS.length()) {
      return trimmed.substring(0, Math.max(0, maxChars));
    }
    int limit = maxChars - ELLIPSIS.length();
    int cut = limit;
    int space = lastWhitespace(trimmed, limit);
    // Only back up to a word boundary if that loses little; one long token is cut mid-word instead.
    if (space >= limit * 4 / 5) {
      cut = space;
    }
    return trimmed.substring(0, cut).stripTrailing() + ELLIPSIS;
  }

  /** {@code text} cut to {@code maxChars} with a note saying how much was left out. */
  public static String shorten(String text, int maxChars) {
    if (text.length() <= maxChars) {
      return text;
    }
    return text.substring(0, maxChars) + " [… " + (text.length() - maxChars) + " more characters]";
  }

  private static int lastWhitespace(String text, int before) {
    for (int i = before; i > 0; i--) {
      if (Character.isWhitespace(text.charAt(i))) {
        return i;
      }
    }
    return -1;
  }

  private SummaryText() {
  }
}
