package dev.engram.memory.vector;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeywordIndexTest {

  private static List<String> ids(List<KeywordIndex.Hit<Integer>> hits) {
    return hits.stream().map(KeywordIndex.Hit::id).toList();
  }

  @Test
  void tokenizesLowercaseWordsWithoutStopWordsAndPlurals() {
    assertThat(KeywordIndex.tokenize("Was my Order ORD-77812 delivered to the Stores?"))
        .containsExactly("order", "ord", "77812", "delivered", "store");
    assertThat(KeywordIndex.tokenize("glass bus studies")).containsExactly("glass", "bus", "study");
  }

  @Test
  void bm25RanksRareWordsAndShortDocumentsHigher() {
    KeywordIndex<Integer> index = new KeywordIndex<>();
    index.add("long", "the cat sat on the mat with a dog and a bird and another dog in the garden", 1);
    index.add("short", "cat and zebra", 2);
    index.add("common", "cat cat cat", 3);
    index.add("none", "nothing here at all", 4);
    // "zebra" is rare, "cat" common: the passage with both wins; three cats beat one cat in a long text.
    assertThat(ids(index.search("cat zebra", 10, null))).containsExactly("short", "common", "long");
    List<KeywordIndex.Hit<Integer>> hits = index.search("cat zebra", 10, null);
    assertThat(hits.get(0).score()).isGreaterThan(hits.get(1).score());
    assertThat(ids(index.search("cat", 1, null))).containsExactly("common");
    assertThat(ids(index.search("cat", 10, m -> m >= 2))).containsExactly("common", "short");
    // Searches reuse their buffers: one after the index grew, and after searches that touched other entries.
    for (int i = 0; i < 100; i++) {
      index.add("later" + i, "filler words number " + i, 5);
    }
    index.add("zebras", "zebra zebra", 6);
    assertThat(ids(index.search("zebra", 10, null))).containsExactly("zebras", "short");
    assertThat(ids(index.search("cat zebra", 10, null))).containsExactly("short", "zebras", "common", "long");
  }

  @Test
  void anEntryMustHoldAtLeastHalfOfTheQueryWords() {
    KeywordIndex<Integer> index = new KeywordIndex<>();
    index.add("one", "the user went for a run", 1);
    index.add("two", "the user booked a flight to lisbon", 2);
    index.add("three", "flight to lisbon leaves at noon", 3);
    // Four words (flight, lisbon, leave, noon): "one" has none, "two" two of four (enough), "three" all.
    assertThat(ids(index.search("when does my flight to Lisbon leave at noon", 10, null)))
        .containsExactly("three", "two");
    // Five words, "user" alone is one of five: not enough.
    assertThat(ids(index.search("user quantum physics lecture notes", 10, null))).isEmpty();
    assertThat(index.search("the and of", 10, null)).isEmpty();
  }

  @Test
  void exactGroupsNeedEveryWordAndRankByGroupsMatched() {
    KeywordIndex<Integer> index = new KeywordIndex<>();
    index.add("right", "order ORD-77812 shipped with LH2231", 1);
    index.add("near", "order ORD-77821 shipped", 2);
    index.add("half", "the flight LH2231 was late", 3);
    List<List<String>> groups = List.of(KeywordIndex.tokenize("ORD-77812"), KeywordIndex.tokenize("LH2231"));
    assertThat(ids(index.searchAllOf(groups, 10, null))).containsExactly("right", "half");
    assertThat(ids(index.searchAllOf(List.of(KeywordIndex.tokenize("ORD-77812")), 10, null)))
        .containsExactly("right");
  }

  @Test
  void removedEntriesAreNeverFoundNorAddedAgain() {
    KeywordIndex<Integer> index = new KeywordIndex<>();
    index.add("a", "portugal flight", 1);
    index.add("b", "portugal holiday", 2);
    assertThat(index.remove("a")).isTrue();
    assertThat(index.remove("a")).isFalse();
    assertThat(index.add("a", "portugal flight", 1)).as("a late add of a deleted id").isFalse();
    assertThat(index.add("b", "again", 2)).as("a repeated add").isFalse();
    assertThat(ids(index.search("portugal flight", 10, null))).containsExactly("b");
    assertThat(index.size()).isEqualTo(1);
    assertThat(index.contains("a")).isFalse();
  }

  @Test
  void aRebuildFromTheSameEntriesRanksTheSame() {
    List<KeywordIndex.Entry<Integer>> entries = new ArrayList<>();
    String[] words = {"alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel"};
    for (int i = 0; i < 2_000; i++) {
      entries.add(new KeywordIndex.Entry<>("p" + i, words[i % 8] + " " + words[i % 5] + " " + words[i % 3]
          + " item" + i, i));
    }
    KeywordIndex<Integer> first = new KeywordIndex<>();
    entries.forEach(e -> first.add(e.id(), e.text(), e.meta()));
    first.remove("p42");
    KeywordIndex<Integer> rebuilt = new KeywordIndex<>();
    rebuilt.addAll(entries.stream().filter(e -> !e.id().equals("p42")).toList());
    for (String query : List.of("alpha bravo", "charlie delta echo", "golf item7", "hotel alpha")) {
      assertThat(ids(rebuilt.search(query, 20, null))).as(query).isEqualTo(ids(first.search(query, 20, null)))
          .doesNotContain("p42").isNotEmpty();
    }
    assertThat(rebuilt.size()).isEqualTo(first.size()).isEqualTo(1_999);
  }
}
