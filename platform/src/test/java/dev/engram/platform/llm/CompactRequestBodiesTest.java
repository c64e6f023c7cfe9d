package dev.engram.platform.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CompactRequestBodiesTest {

  @Test
  void requestBodiesAreWrittenWithoutIndentation() throws Exception {
    CompactRequestBodies.apply();
    Map<String, Object> body = Map.of("messages", List.of(Map.of("role", "user")));
    for (String holder : CompactRequestBodies.holders()) {
      assertThat(CompactRequestBodies.indents(holder)).as(holder).isFalse();
      // What the client itself writes as the request body.
      Method toJson = Class.forName(holder).getDeclaredMethod("toJson", Object.class);
      toJson.setAccessible(true);
      assertThat(toJson.invoke(null, body)).as(holder).isEqualTo("{\"messages\":[{\"role\":\"user\"}]}");
    }
  }
}
