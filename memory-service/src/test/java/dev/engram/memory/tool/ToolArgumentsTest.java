package dev.engram.memory.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ToolArgumentsTest {

  @Test
  void readsStringsIntsAndLists() {
    ToolArguments args = ToolArguments.parse("t",
        "{\"label\":\"human\",\"insert_line\":\"2\",\"roles\":\"user\",\"limit\":3}");
    assertThat(args.requiredString("label")).isEqualTo("human");
    assertThat(args.optionalInt("insert_line")).isEqualTo(2);
    assertThat(args.optionalInt("limit")).isEqualTo(3);
    assertThat(args.optionalStringList("roles")).containsExactly("user");
    assertThat(args.optionalString("query")).isNull();
  }

  @Test
  void acceptsOlderParameterNames() {
    assertThat(ToolArguments.parse("memory_replace", "{\"old_str\":\"a\"}").requiredString("old_string", "old_str"))
        .isEqualTo("a");
  }

  @Test
  void missingAndMalformedArgumentsAreToolErrors() {
    assertThatThrownBy(() -> ToolArguments.parse("memory_replace", "{}").requiredString("label"))
        .isInstanceOf(ToolException.class)
        .hasMessage("memory_replace() missing 1 required positional argument: 'label'");
    assertThatThrownBy(() -> ToolArguments.parse("memory_insert", "{not json"))
        .isInstanceOf(ToolException.class)
        .hasMessageStartingWith("Error parsing arguments of memory_insert");
    assertThatThrownBy(() -> ToolArguments.parse("memory_insert", "{\"insert_line\":\"x\"}").optionalInt("insert_line"))
        .isInstanceOf(ToolException.class);
  }
}
