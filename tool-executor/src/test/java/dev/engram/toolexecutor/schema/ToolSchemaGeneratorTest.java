package dev.engram.toolexecutor.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.contracts.Json;
import dev.engram.platform.rest.ApiException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ToolSchemaGeneratorTest {
  private final ToolSchemaGenerator generator = new ToolSchemaGenerator("python3", Duration.ofSeconds(10));

  @Test
  void typesDefaultsAndDocstringOfAWeatherTool() {
    JsonNode schema = schema("""
        import requests
        from typing import List, Literal, Optional

        def get_weather(city: str, days: int = 3, units: Literal["metric", "imperial"] = "metric",
                        include_hourly: bool = False, threshold: float = 0.5) -> str:
            \"""Fetch the weather forecast for a city.

            Calls the public forecast service and formats the answer.

            Args:
                city (str): Name of the city, for example "Paris".
                days (int): Number of days to forecast.
                units: Unit system of the temperatures.
                include_hourly (bool): Whether to add hourly detail.
                threshold (float): Rain probability worth reporting.

            Returns:
                str: The forecast as text.
            \"""
            return requests.get("https://example.invalid/" + city).text
        """, null);

    assertThat(schema.get("name").asText()).isEqualTo("get_weather");
    assertThat(schema.get("description").asText())
        .isEqualTo("Fetch the weather forecast for a city.\n\nCalls the public forecast service and formats the answer.");
    JsonNode props = schema.at("/parameters/properties");
    assertThat(schema.at("/parameters/type").asText()).isEqualTo("object");
    assertThat(props.get("city").toString()).isEqualTo(
        "{\"type\":\"string\",\"description\":\"Name of the city, for example \\\"Paris\\\".\"}");
    assertThat(props.at("/days/type").asText()).isEqualTo("integer");
    assertThat(props.at("/units/enum").toString()).isEqualTo("[\"metric\",\"imperial\"]");
    assertThat(props.at("/units/type").asText()).isEqualTo("string");
    assertThat(props.at("/include_hourly/type").asText()).isEqualTo("boolean");
    assertThat(props.at("/threshold/type").asText()).isEqualTo("number");
    assertThat(schema.at("/parameters/required").toString()).isEqualTo("[\"city\"]");
  }

  @Test
  void optionalListsAndDictsAndTheLastFunctionIsTheTool() {
    JsonNode schema = schema("""
        from typing import Dict, List, Optional

        def _normalise(text):
            return text.strip().lower()

        def search_notes(query: str, tags: Optional[List[str]], filters: dict, limit: int | None = None,
                         ids: list[int] = [], *, agent_state: "AgentState" = None) -> list:
            \"""Search the user's notes.

            Args:
                query: Words to look for.
                tags: Only notes carrying one of these tags;
                    leave empty for all notes.
                filters: Extra field filters.
                limit: Largest number of results.
                ids: Note ids to restrict the search to.
            \"""
            return []
        """, null);

    assertThat(schema.get("name").asText()).isEqualTo("search_notes");
    assertThat(schema.get("description").asText()).isEqualTo("Search the user's notes.");
    JsonNode props = schema.at("/parameters/properties");
    assertThat(props.get("tags").toString()).isEqualTo("{\"type\":\"array\",\"items\":{\"type\":\"string\"},"
        + "\"description\":\"Only notes carrying one of these tags;\\nleave empty for all notes.\"}");
    assertThat(props.get("filters").toString()).isEqualTo("{\"type\":\"object\",\"description\":\"Extra field filters.\"}");
    assertThat(props.at("/limit/type").asText()).isEqualTo("integer");
    assertThat(props.at("/ids/items/type").asText()).isEqualTo("integer");
    // agent_state is injected by the platform, never shown to the model.
    assertThat(props.has("agent_state")).isFalse();
    // Optional[...] without a default is optional too, as in Letta.
    assertThat(schema.at("/parameters/required").toString()).isEqualTo("[\"query\",\"filters\"]");
  }

  @Test
  void aNamedFunctionAndOneWithoutParameters() {
    String source = """
        def roll_dice() -> int:
            \"""Roll a six-sided die.\"""
            import random
            return random.randint(1, 6)

        def flip_coin():
            return "heads"
        """;
    JsonNode dice = schema(source, "roll_dice");
    assertThat(dice.get("description").asText()).isEqualTo("Roll a six-sided die.");
    assertThat(dice.at("/parameters/properties").size()).isZero();
    assertThat(dice.at("/parameters/required").size()).isZero();
    assertThat(schema(source, null).get("description").asText()).isEqualTo("No description available");
  }

  @Test
  void theUsersCodeIsNeverRun() throws Exception {
    java.nio.file.Path marker = java.nio.file.Files.createTempFile("engram-schema-marker", ".txt");
    java.nio.file.Files.delete(marker);
    JsonNode schema = schema("open(" + Json.write(marker.toString()) + ", 'w').write('ran')\n"
        + "def touch(path: str = " + Json.write(marker.toString()) + " and open('x','w')) -> None:\n"
        + "    \"\"\"Touch a file.\n\n    Args:\n        path: Where.\n    \"\"\"\n", null);
    assertThat(schema.get("name").asText()).isEqualTo("touch");
    assertThat(marker).doesNotExist();
  }

  @Test
  void badSourcesAreRejectedWithTheReason() {
    assertReason("def broken(x: int:\n    pass\n", null, "Syntax error in source code: ");
    assertReason("x = 1\n", null, "No function definition found in source code");
    assertReason("def a(x: int):\n    \"\"\"A.\n\n    Args:\n        x: X.\n    \"\"\"\n", "b",
        "Function 'b' not found in source code");
    assertReason("def add(a: int, b: int) -> int:\n    \"\"\"Add.\n\n    Args:\n        a: First.\n    \"\"\"\n"
        + "    return a + b\n", null, "Parameter 'b' in function 'add' lacks a description in the docstring");
    assertReason("def add(a, b: int) -> int:\n    \"\"\"Add.\n\n    Args:\n        a: First.\n        b: Second.\n"
        + "    \"\"\"\n", null, "Parameter 'a' in function 'add' lacks a type annotation");
    assertReason("def f(a: dict[str, int]):\n    \"\"\"F.\n\n    Args:\n        a: A.\n    \"\"\"\n", null,
        "Dictionary types dict[str, int] with nested type arguments are not supported");
    assertReason("def f(a: int | str):\n    \"\"\"F.\n\n    Args:\n        a: A.\n    \"\"\"\n", null,
        "General Union types are not yet supported");
    assertReason("def f(a: Foo):\n    \"\"\"F.\n\n    Args:\n        a: A.\n    \"\"\"\n", null,
        "Python type Foo has no corresponding JSON schema type");
    assertReason("   ", null, "source_code is required");
  }

  private JsonNode schema(String source, String name) {
    return Json.MAPPER.valueToTree(generator.generate(source, name));
  }

  private void assertReason(String source, String name, String reason) {
    assertThatThrownBy(() -> generator.generate(source, name)).isInstanceOfSatisfying(ApiException.class, e -> {
      assertThat(e.status()).isEqualTo(400);
      assertThat(e.getMessage()).startsWith(reason);
    });
  }
}
