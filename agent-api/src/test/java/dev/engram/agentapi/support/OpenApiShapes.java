package dev.engram.agentapi.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Checks JSON answers against Letta's OpenAPI component schemas (a verbatim subset of its
 * {@code openapi.json} in {@code letta-openapi-schemas.json}): required keys present, no keys the
 * schema does not know, JSON types and enum values right, recursively through known {@code $ref}s.
 */
public final class OpenApiShapes {
  private static final JsonNode SCHEMAS = load();

  /** Every violation of {@code schema} in {@code value}; empty when it conforms. */
  public static List<String> violations(String schema, JsonNode value) {
    List<String> out = new ArrayList<>();
    check(SCHEMAS.path(schema), value, schema, out);
    return out;
  }

  private static void check(JsonNode schema, JsonNode value, String at, List<String> out) {
    if (schema.isMissingNode()) {
      return;
    }
    if (schema.has("$ref")) {
      String name = schema.get("$ref").asText().substring("#/components/schemas/".length());
      // Schemas outside the subset (tool rules, groups, ...) are not checked.
      check(SCHEMAS.path(name), value, at, out);
      return;
    }
    if (schema.has("anyOf")) {
      List<String> best = null;
      for (JsonNode option : schema.get("anyOf")) {
        List<String> attempt = new ArrayList<>();
        check(option, value, at, attempt);
        if (attempt.isEmpty()) {
          return;
        }
        if (best == null || attempt.size() < best.size()) {
          best = attempt;
        }
      }
      out.addAll(best == null ? List.of() : best);
      return;
    }
    if (schema.has("enum") && !containsValue(schema.get("enum"), value)) {
      out.add(at + ": " + value + " is not one of " + schema.get("enum"));
      return;
    }
    String type = schema.path("type").asText(null);
    if (type == null) {
      return;
    }
    if (!typeMatches(type, value)) {
      out.add(at + ": expected " + type + " but got " + value.getNodeType() + " " + abbreviate(value));
      return;
    }
    if (type.equals("array") && schema.has("items")) {
      for (int i = 0; i < value.size(); i++) {
        check(schema.get("items"), value.get(i), at + "[" + i + "]", out);
      }
    }
    if (type.equals("object") && schema.has("properties")) {
      for (JsonNode required : schema.path("required")) {
        if (!value.has(required.asText())) {
          out.add(at + ": required key '" + required.asText() + "' is missing");
        }
      }
      JsonNode properties = schema.get("properties");
      boolean closed = !schema.path("additionalProperties").isObject()
          && !schema.path("additionalProperties").asBoolean(false);
      Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        JsonNode property = properties.get(field.getKey());
        if (property == null) {
          if (closed) {
            out.add(at + ": key '" + field.getKey() + "' is not in the schema");
          }
          continue;
        }
        check(property, field.getValue(), at + "." + field.getKey(), out);
      }
    }
  }

  private static boolean typeMatches(String type, JsonNode value) {
    return switch (type) {
      case "string" -> value.isTextual();
      case "integer" -> value.isIntegralNumber();
      case "number" -> value.isNumber();
      case "boolean" -> value.isBoolean();
      case "array" -> value.isArray();
      case "object" -> value.isObject();
      case "null" -> value.isNull();
      default -> true;
    };
  }

  private static boolean containsValue(JsonNode values, JsonNode value) {
    for (JsonNode v : values) {
      if (v.equals(value)) {
        return true;
      }
    }
    return false;
  }

  private static String abbreviate(JsonNode value) {
    String text = value.toString();
    return text.length() > 60 ? text.substring(0, 60) + "…" : text;
  }

  private static JsonNode load() {
    try (InputStream in = OpenApiShapes.class.getResourceAsStream("/letta-openapi-schemas.json")) {
      return new ObjectMapper().readTree(in).path("components").path("schemas");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private OpenApiShapes() {
  }
}
