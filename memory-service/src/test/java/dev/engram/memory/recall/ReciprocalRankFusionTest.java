package dev.engram.memory.recall;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReciprocalRankFusionTest {

  @Test
  void aMessageBothSearchesFoundOutranksOneFoundFirstByOne() {
    RecallHit a = hit("a");
    RecallHit b = hit("b");
    RecallHit c = hit("c");
    List<RecallHit> fused = RecallService.fuse(List.of(a, b), List.of(c, b), 10);
    assertThat(fused).extracting(RecallHit::messageId).containsExactly("b", "a", "c");
    RecallHit.Relevance top = fused.get(0).relevance();
    assertThat(top.rrfScore()).isEqualTo(0.5 / 62 + 0.5 / 62);
    assertThat(top.vectorRank()).isEqualTo(2);
    assertThat(top.ftsRank()).isEqualTo(2);
    assertThat(top.searchMode()).isNull();
    assertThat(fused.get(2).relevance().vectorRank()).isNull();
  }

  @Test
  void keepsTheLimit() {
    assertThat(RecallService.fuse(List.of(hit("a"), hit("b")), List.of(hit("c")), 2)).hasSize(2);
  }

  private static RecallHit hit(String id) {
    return new RecallHit(id, "user", id, null, Instant.EPOCH, null);
  }
}
