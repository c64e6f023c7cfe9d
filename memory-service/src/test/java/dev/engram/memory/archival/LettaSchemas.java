package dev.engram.memory.archival;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.contracts.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Field-name check of archival answers against Letta's schemas (a verbatim subset of its openapi.json in
 * {@code letta-archival-schemas.json}): every required key present, no key the schema does not define.
 */
final class LettaSchemas {
  private static final JsonNode SCHEMAS = load();

  private LettaSchemas() {
  }

  /** Problems of {@code value} against schema {@code name}; empty when its keys conform. */
  static List<String> violations(String name, JsonNode value) {
    JsonNode schema = SCHEMAS.path(name);
    List<String> out = new ArrayList<>();
    schema.path("required").forEach(r -> {
      if (!value.has(r.asText())) {
        out.add(name + ": missing required " + r.asText());
      }
    });
    List<String> required = new ArrayList<>();
    schema.path("required").forEach(r -> required.add(r.asText()));
    value.fieldNames().forEachRemaining(f -> {
      // Letta's Archive requires organization_id without defining it among its properties.
      if (!schema.path("properties").has(f) && !required.contains(f)) {
        out.add(name + ": unknown field " + f);
      }
    });
    return out;
  }

  private static JsonNode load() {
    try (InputStream in = LettaSchemas.class.getResourceAsStream("/letta-archival-schemas.json")) {
      return Json.MAPPER.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
