package dev.engram.platform.llm;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonAnyOfSchema;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonBooleanSchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonIntegerSchema;
import dev.langchain4j.model.chat.request.json.JsonNullSchema;
import dev.langchain4j.model.chat.request.json.JsonNumberSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Converts Letta's JSON-schema maps into langchain4j tool specifications. */
final class ToolSchemas {

  static ToolSpecification toSpecification(LlmTool tool) {
    Map<String, Object> params = tool.parameters();
    JsonObjectSchema schema = params == null || params.isEmpty()
        ? JsonObjectSchema.builder().build()
        : (JsonObjectSchema) toElement(params, true);
    return ToolSpecification.builder()
        .name(tool.name())
        .description(tool.description())
        .parameters(schema)
        .build();
  }

  @SuppressWarnings("unchecked")
  private static JsonSchemaElement toElement(Map<String, Object> node, boolean forceObject) {
    String description = (String) node.get("description");
    if (node.get("enum") instanceof List<?> values) {
      return JsonEnumSchema.builder().description(description)
          .enumValues(values.stream().map(String::valueOf).toList()).build();
    }
    if (node.get("anyOf") instanceof List<?> options) {
      List<JsonSchemaElement> elements = new ArrayList<>();
      for (Object o : options) {
        elements.add(toElement((Map<String, Object>) o, false));
      }
      return JsonAnyOfSchema.builder().description(description).anyOf(elements).build();
    }
    Object type = node.get("type");
    if (type instanceof List<?> types) {
      // ["string", "null"] style optionals: the non-null type carries the meaning.
      type = types.stream().<Object>map(t -> t).filter(t -> !"null".equals(t)).findFirst().orElse("string");
    }
    if (forceObject || "object".equals(type)) {
      JsonObjectSchema.Builder b = JsonObjectSchema.builder().description(description);
      if (node.get("properties") instanceof Map<?, ?> props) {
        props.forEach((k, v) -> b.addProperty((String) k, toElement((Map<String, Object>) v, false)));
      }
      if (node.get("required") instanceof List<?> required) {
        b.required(required.stream().map(String::valueOf).toList());
      }
      return b.build();
    }
    return switch (String.valueOf(type)) {
      case "integer" -> JsonIntegerSchema.builder().description(description).build();
      case "number" -> JsonNumberSchema.builder().description(description).build();
      case "boolean" -> JsonBooleanSchema.builder().description(description).build();
      case "null" -> new JsonNullSchema();
      case "array" -> JsonArraySchema.builder().description(description)
          .items(node.get("items") instanceof Map<?, ?> items
              ? toElement((Map<String, Object>) items, false)
              : JsonStringSchema.builder().build())
          .build();
      default -> JsonStringSchema.builder().description(description).build();
    };
  }

  private ToolSchemas() {
  }
}
