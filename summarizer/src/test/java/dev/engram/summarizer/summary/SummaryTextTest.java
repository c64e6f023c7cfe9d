package dev.engram.summarizer.summary;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SummaryTextTest {

  @Test
  void shortTextIsOnlyTrimmed() {
    assertThat(SummaryText.clip("  The user is called Ada.\n", 100)).isEqualTo("The user is called Ada.");
  }

  @Test
  void longTextIsCutAtAWordBoundaryWithinTheLimit() {
    String clipped = SummaryText.clip("The user is called Ada and likes mathematics very much.", 52);

    assertThat(clipped).isEqualTo("The user is called Ada... [summary truncated to fit]");
    assertThat(clipped.length()).isLessThanOrEqualTo(52);
  }

  @Test
  void oneLongTokenIsCutMidWord() {
    String clipped = SummaryText.clip("a " + "x".repeat(100), 40);

    assertThat(clipped).hasSize(40).endsWith("... [summary truncated to fit]").startsWith("a xxx");
  }

  @Test
  void shortenSaysHowMuchWasLeftOut() {
    assertThat(SummaryText.shorten("abcdefghij", 4)).isEqualTo("abcd [… 6 more characters]");
    assertThat(SummaryText.shorten("abc", 4)).isEqualTo("abc");
  }
}
