package dev.engram.steprunner.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SendMessageTextTest {

  private static List<String> feed(String... pieces) {
    SendMessageText text = new SendMessageText();
    List<String> out = new ArrayList<>();
    for (String piece : pieces) {
      out.add(text.append(piece));
    }
    return out;
  }

  @Test
  void theMessageIsDecodedAsItsPiecesArriveAndNothingAfterItsClosingQuote() {
    assertThat(feed("{\"request_heartbeat\": true, \"mes", "sage\": \"Hi", " there", "\", \"x\": \"no\"}"))
        .containsExactly("", "Hi", " there", "");
  }

  @Test
  void anEscapeCutBetweenTwoPiecesWaitsForItsEnd() {
    assertThat(feed("{\"message\":\"a\\", "\"b\\u00", "e9\\n\"}")).containsExactly("a", "\"b", "é\n");
  }

  @Test
  void argumentsWithoutAMessageYieldNothing() {
    assertThat(feed("{\"label\":\"human\"", "}")).containsExactly("", "");
  }
}
