package dev.engram.toolexecutor.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ToolArgumentsTest {

  @Test
  void missingArgumentsAreAnEmptyObject() throws Exception {
    assertThat(ToolArguments.parse("t", null).isEmpty()).isTrue();
    assertThat(ToolArguments.parse("t", "  ").isEmpty()).isTrue();
  }

  @Test
  void objectArgumentsAreParsed() throws Exception {
    assertThat(ToolArguments.parse("t", "{\"message\": \"hi\"}").get("message").asText()).isEqualTo("hi");
  }

  @Test
  void malformedJsonIsReportedWithTheToolName() {
    assertThatThrownBy(() -> ToolArguments.parse("send_message", "{\"message\": "))
        .isInstanceOf(ToolArguments.InvalidArgumentsException.class)
        .hasMessageStartingWith("Error parsing the arguments of tool 'send_message' as JSON: ");
  }

  @Test
  void nonObjectArgumentsAreRejected() {
    assertThatThrownBy(() -> ToolArguments.parse("send_message", "[1, 2]"))
        .isInstanceOf(ToolArguments.InvalidArgumentsException.class)
        .hasMessage("The arguments of tool 'send_message' must be a JSON object, got: array");
  }
}
