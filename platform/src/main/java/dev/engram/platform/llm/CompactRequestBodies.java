package dev.engram.platform.llm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.quarkus.logging.Log;
import java.lang.reflect.Field;
import java.util.List;

/**
 * langchain4j's OpenAI and Anthropic clients write every request body with an indenting Jackson mapper. A
 * request carries the agent's whole context window, so the indentation costs CPU on both ends of every model
 * call (in the bench, a fifth of step-runner's JSON work and a larger body for the model server to read)
 * without changing what the provider receives. This turns indentation off on those mappers, once, before the
 * first request. Should a langchain4j upgrade rename the field, requests stay as they were and a warning says so.
 */
final class CompactRequestBodies {
  /** The classes holding each client's shared mapper in a static {@code OBJECT_MAPPER} field. */
  private static final List<String> HOLDERS = List.of(
      "dev.langchain4j.model.openai.internal.Json",
      "dev.langchain4j.model.anthropic.internal.client.Json");

  private static volatile boolean applied;

  private CompactRequestBodies() {
  }

  /** Turns indentation off on every client mapper found (idempotent). */
  static synchronized void apply() {
    if (applied) {
      return;
    }
    applied = true;
    for (String holder : HOLDERS) {
      try {
        Field field = Class.forName(holder).getDeclaredField("OBJECT_MAPPER");
        field.setAccessible(true);
        if (field.get(null) instanceof ObjectMapper mapper) {
          mapper.disable(SerializationFeature.INDENT_OUTPUT);
        } else {
          Log.warnf("%s.OBJECT_MAPPER is not a Jackson ObjectMapper; model requests stay indented", holder);
        }
      } catch (ReflectiveOperationException | RuntimeException e) {
        Log.warnf("Could not make %s write compact request bodies (%s); model requests stay indented", holder,
            e.toString());
      }
    }
  }

  /** Whether {@code holder}'s mapper indents (for tests). */
  static boolean indents(String holder) throws ReflectiveOperationException {
    Field field = Class.forName(holder).getDeclaredField("OBJECT_MAPPER");
    field.setAccessible(true);
    return ((ObjectMapper) field.get(null)).isEnabled(SerializationFeature.INDENT_OUTPUT);
  }

  static List<String> holders() {
    return HOLDERS;
  }
}
