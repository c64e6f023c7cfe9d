package dev.engram.summarizer.summary;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SummarizerTest {

  @Test
  void providerErrorBodiesAreReducedToTheirMessage() {
    assertThat(Summarizer.providerMessage(
        "{\"error\":{\"message\":\"bad\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":null}}"))
        .isEqualTo("bad");
  }

  @Test
  void otherMessagesAreKept() {
    assertThat(Summarizer.providerMessage("Connection refused")).isEqualTo("Connection refused");
    assertThat(Summarizer.providerMessage("{\"detail\": \"nope\"}")).isEqualTo("{\"detail\": \"nope\"}");
    assertThat(Summarizer.providerMessage(null)).isEqualTo("no details given");
  }
}
