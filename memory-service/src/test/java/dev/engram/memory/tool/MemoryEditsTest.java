package dev.engram.memory.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.engram.contracts.MemoryPrompt;
import org.junit.jupiter.api.Test;

class MemoryEditsTest {

  @Test
  void replaceUniqueReplacesTheSingleOccurrence() {
    assertThat(MemoryEdits.replaceUnique("human", "Name: Bob\nLikes: tea", "Bob", "Alice"))
        .isEqualTo("Name: Alice\nLikes: tea");
  }

  @Test
  void replaceUniqueRejectsAbsentText() {
    assertThatThrownBy(() -> MemoryEdits.replaceUnique("human", "Name: Bob", "Carol", "Alice"))
        .isInstanceOf(ToolException.class)
        .hasMessage("No replacement was performed, old_string `Carol` did not appear verbatim in memory block "
            + "with label `human`.");
  }

  @Test
  void replaceUniqueListsTheLinesOfEveryOccurrence() {
    assertThatThrownBy(() -> MemoryEdits.replaceUnique("human", "tea\ncoffee\ntea and tea", "tea", "x"))
        .isInstanceOf(ToolException.class)
        .hasMessage("No replacement was performed. Multiple occurrences of old_string `tea` in lines [1, 3]. "
            + "Please ensure it is unique.");
  }

  @Test
  void replaceUniqueRejectsAnEmptyOldString() {
    assertThatThrownBy(() -> MemoryEdits.replaceUnique("human", "abc", "", "x"))
        .isInstanceOf(ToolException.class)
        .hasMessageContaining("old_string is empty");
  }

  @Test
  void replaceUniqueExpandsTabsLikePython() {
    assertThat(MemoryEdits.replaceUnique("notes", "a\tb", "b", "c")).isEqualTo("a       c");
    assertThat(MemoryEdits.expandTabs("abc\tx\n\ty")).isEqualTo("abc     x\n        y");
  }

  @Test
  void lineNumberPrefixesAndTheBannerAreRejected() {
    assertThatThrownBy(() -> MemoryEdits.replaceUnique("human", "Name: Bob", "1→ Name: Bob", "Name: Al"))
        .isInstanceOf(ToolException.class)
        .hasMessageStartingWith("old_string contains a line number prefix, which is not allowed.");
    assertThatThrownBy(() -> MemoryEdits.replaceUnique("human", "Name: Bob", "Bob", "Al\n  2→ more"))
        .hasMessageStartingWith("new_string contains a line number prefix");
    assertThatThrownBy(() -> MemoryEdits.insertLines("new_string", "x", MemoryPrompt.LINE_NUMBER_NOTE + "\nhi", -1))
        .hasMessageStartingWith("new_string contains a line number warning, which is not allowed.");
    assertThatThrownBy(() -> MemoryEdits.rethink("3→ hello"))
        .hasMessageStartingWith("new_memory contains a line number prefix");
  }

  @Test
  void textThatMerelyContainsNumbersIsAccepted() {
    assertThat(MemoryEdits.rethink("Born 1990 → moved in 2001")).isEqualTo("Born 1990 → moved in 2001");
  }

  @Test
  void insertLinesHonoursTopEndAndMiddle() {
    String value = "one\ntwo\nthree";
    assertThat(MemoryEdits.insertLines("new_string", value, "zero", 0)).isEqualTo("zero\none\ntwo\nthree");
    assertThat(MemoryEdits.insertLines("new_string", value, "between", 1)).isEqualTo("one\nbetween\ntwo\nthree");
    assertThat(MemoryEdits.insertLines("new_string", value, "four", -1)).isEqualTo("one\ntwo\nthree\nfour");
    assertThat(MemoryEdits.insertLines("new_string", value, "four", 3)).isEqualTo("one\ntwo\nthree\nfour");
  }

  @Test
  void insertLinesRejectsALineOutOfRange() {
    assertThatThrownBy(() -> MemoryEdits.insertLines("new_string", "one\ntwo", "x", 3))
        .isInstanceOf(ToolException.class)
        .hasMessage("Invalid `insert_line` parameter: 3. It should be within the range of lines of the memory "
            + "block: [0, 2], or -1 to append to the end of the memory block.");
    assertThatThrownBy(() -> MemoryEdits.insertLines("new_string", "one", "x", -2)).isInstanceOf(ToolException.class);
  }

  @Test
  void coreMemoryAppendAddsALine() {
    assertThat(MemoryEdits.append("Name: Bob", "Likes tea")).isEqualTo("Name: Bob\nLikes tea");
  }

  @Test
  void coreMemoryReplaceReplacesEveryOccurrenceOrFails() {
    assertThat(MemoryEdits.replaceAll("human", "tea, tea", "tea", "coffee")).isEqualTo("coffee, coffee");
    assertThatThrownBy(() -> MemoryEdits.replaceAll("human", "tea", "milk", "x"))
        .isInstanceOf(ToolException.class)
        .hasMessage("Old content 'milk' not found in memory block 'human'");
  }

  @Test
  void checkLimitStatesTheLimitAndTheRequestedSize() {
    MemoryEdits.checkLimit("human", "12345", 5);
    assertThatThrownBy(() -> MemoryEdits.checkLimit("human", "123456", 5))
        .isInstanceOf(ToolException.class)
        .hasMessageStartingWith("Edit failed: Exceeds 5 character limit (requested 6).")
        .hasMessageContaining("`human`");
  }
}
