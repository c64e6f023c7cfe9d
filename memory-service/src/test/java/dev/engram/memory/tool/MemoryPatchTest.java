package dev.engram.memory.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryPatchTest {

  @Test
  void aHunkReplacesItsContextOnce() {
    String value = "Name: Bob\nLikes: tea\nCity: Oslo";
    String patch = "@@\n Name: Bob\n-Likes: tea\n+Likes: coffee\n+Pet: cat";
    assertThat(MemoryPatch.applyHunks(value, patch)).isEqualTo("Name: Bob\nLikes: coffee\nPet: cat\nCity: Oslo");
  }

  @Test
  void hunksApplyInOrderAndDiffHeadersAreIgnored() {
    String value = "a\nb\nc\nd";
    String patch = "--- a/memory\n+++ b/memory\n@@ -1 +1 @@\n-a\n+A\n@@ -4 +4 @@\n c\n-d\n+D";
    assertThat(MemoryPatch.applyHunks(value, patch)).isEqualTo("A\nb\nc\nD");
  }

  @Test
  void contextlessAdditionsAppend() {
    assertThat(MemoryPatch.applyHunks("one", "+two\n+three")).isEqualTo("one\ntwo\nthree");
  }

  @Test
  void missingOrAmbiguousContextIsAnError() {
    assertThatThrownBy(() -> MemoryPatch.applyHunks("a\nb", "-zzz\n+y"))
        .isInstanceOf(ToolException.class)
        .hasMessageStartingWith("Failed to apply patch: expected hunk context not found in the memory block.")
        .hasMessageEndingWith("Expected start:\nzzz");
    assertThatThrownBy(() -> MemoryPatch.applyHunks("x\nx", "-x\n+y"))
        .hasMessageStartingWith("Failed to apply patch: hunk context matched multiple places");
    assertThatThrownBy(() -> MemoryPatch.applyHunks("x", "just words"))
        .hasMessage("No applicable hunks found in patch. Ensure lines start with ' ', '-', or '+'.");
  }

  @Test
  void multiBlockPatchesParseIntoOperations() {
    String patch = """
        *** Add Block: projects
        Description: What the user is working on
        +Engram
        +Letta port

        *** Update Block: human
        @@
        -Name: Bob
        +Name: Robert
        *** Move to: person
        *** Delete Block: scratch""";
    assertThat(MemoryPatch.isMultiBlock(patch)).isTrue();
    List<MemoryPatch.Operation> ops = MemoryPatch.parse(patch);
    assertThat(ops).containsExactly(
        new MemoryPatch.Add("projects", "What the user is working on", "Engram\nLetta port"),
        new MemoryPatch.Update("human", "@@\n-Name: Bob\n+Name: Robert"),
        new MemoryPatch.Move("human", "person"),
        new MemoryPatch.Delete("scratch"));
  }

  @Test
  void malformedHeadersAreErrors() {
    assertThatThrownBy(() -> MemoryPatch.parse("*** Add Block:   \n+x"))
        .hasMessage("*** Add Block: must specify a non-empty label");
    assertThatThrownBy(() -> MemoryPatch.parse("*** Move to: elsewhere"))
        .hasMessage("*** Move to: must follow an Add/Update/Delete header");
    assertThat(MemoryPatch.isMultiBlock("@@\n-a\n+b")).isFalse();
  }
}
