package dev.engram.steprunner.stream;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the {@code message} string out of a {@code send_message} call's arguments while they are still being
 * generated, so the reply can be streamed as assistant text: each call of {@link #append} returns the newly
 * decoded characters (JSON escapes resolved; an escape cut in half waits for its end).
 */
final class SendMessageText {
  private static final Pattern START = Pattern.compile("\"message\"\\s*:\\s*\"");

  private final StringBuilder arguments = new StringBuilder();
  private int valueStart = -1;
  private int decodedUpTo;
  private boolean finished;

  /** Adds a piece of the arguments; returns the message text it completes (possibly empty). */
  String append(String piece) {
    arguments.append(piece);
    if (finished) {
      return "";
    }
    if (valueStart < 0) {
      Matcher m = START.matcher(arguments);
      if (!m.find()) {
        return "";
      }
      valueStart = m.end();
      decodedUpTo = valueStart;
    }
    StringBuilder out = new StringBuilder();
    int i = decodedUpTo;
    while (i < arguments.length()) {
      char c = arguments.charAt(i);
      if (c == '"') {
        finished = true;
        i++;
        break;
      }
      if (c != '\\') {
        out.append(c);
        i++;
        continue;
      }
      if (i + 1 >= arguments.length()) {
        break;
      }
      char e = arguments.charAt(i + 1);
      if (e == 'u') {
        if (i + 6 > arguments.length()) {
          break;
        }
        out.append((char) Integer.parseInt(arguments.substring(i + 2, i + 6), 16));
        i += 6;
        continue;
      }
      out.append(switch (e) {
        case 'n' -> '\n';
        case 't' -> '\t';
        case 'r' -> '\r';
        case 'b' -> '\b';
        case 'f' -> '\f';
        default -> e;
      });
      i += 2;
    }
    decodedUpTo = i;
    return out.toString();
  }
}
