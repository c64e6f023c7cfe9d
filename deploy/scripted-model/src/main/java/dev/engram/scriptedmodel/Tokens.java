package dev.engram.scriptedmodel;

import java.util.ArrayList;
import java.util.List;

/**
 * Deterministic token estimate: one token per four UTF-16 chars, the usual rule of thumb for
 * English text with OpenAI tokenizers.
 */
final class Tokens {
  static final int CHARS_PER_TOKEN = 4;

  /** Tokens of a prompt holding {@code chars} characters, rounded up. */
  static int ofChars(long chars) {
    return (int) ((chars + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN);
  }

  /**
   * Splits generated text into the token-sized pieces that are streamed; the completion token
   * count is the number of pieces, so streamed chunks and reported usage always agree.
   */
  static List<String> pieces(String text) {
    List<String> out = new ArrayList<>(ofChars(text.length()));
    int start = 0;
    while (start < text.length()) {
      int end = Math.min(start + CHARS_PER_TOKEN, text.length());
      // A piece boundary inside a surrogate pair would send half a code point to the client.
      if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
        end++;
      }
      out.add(text.substring(start, end));
      start = end;
    }
    return out;
  }

  private Tokens() {
  }
}
