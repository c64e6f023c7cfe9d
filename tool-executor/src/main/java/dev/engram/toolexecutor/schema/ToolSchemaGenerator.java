package dev.engram.toolexecutor.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.contracts.Json;
import dev.engram.platform.rest.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Derives Letta's {@code json_schema} of a Python tool from its source with our {@code tool_schema.py}, which reads
 * the source with Python's {@code ast} module: the user's code is parsed, never imported or run. A python3 process
 * per request keeps a pathological source (deep nesting, huge input) from affecting this JVM; it is killed at the
 * time limit.
 */
@ApplicationScoped
public class ToolSchemaGenerator {
  private static final String SCRIPT = "schema/tool_schema.py";

  private final String python;
  private final Duration timeout;
  private volatile Path script;

  ToolSchemaGenerator(@ConfigProperty(name = "engram.tool-schema.python", defaultValue = "python3") String python,
      @ConfigProperty(name = "engram.tool-schema.timeout", defaultValue = "PT10S") Duration timeout) {
    this.python = python;
    this.timeout = timeout;
  }

  /** The schema of function {@code name} (or of the last top-level function); a 400 naming the problem if none. */
  public Map<String, Object> generate(String sourceCode, String name) {
    if (sourceCode == null || sourceCode.isBlank()) {
      throw ApiException.badRequest("source_code is required");
    }
    ObjectNode request = Json.MAPPER.createObjectNode().put("source_code", sourceCode).put("name", name);
    JsonNode answer = run(Json.write(request));
    if (answer.hasNonNull("error")) {
      throw ApiException.badRequest(answer.get("error").asText());
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> schema = Json.MAPPER.convertValue(answer.get("schema"), Map.class);
    return schema;
  }

  private JsonNode run(String input) {
    Process process;
    try {
      process = new ProcessBuilder(python, "-I", "-S", script().toString()).redirectError(ProcessBuilder.Redirect.DISCARD)
          .start();
    } catch (IOException e) {
      throw ApiException.unavailable("Cannot start " + python + " to read the tool's source: " + e.getMessage());
    }
    try {
      // Read stdout concurrently so a large answer cannot block the process while we still write its input.
      CompletableFuture<byte[]> output = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()),
          Thread::startVirtualThread);
      try (OutputStream stdin = process.getOutputStream()) {
        stdin.write(input.getBytes(StandardCharsets.UTF_8));
      }
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw ApiException.badRequest("Reading the tool's source took longer than " + timeout.toSeconds() + "s");
      }
      byte[] out = output.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (process.exitValue() != 0 || out.length == 0) {
        throw new IllegalStateException("tool_schema.py exited with " + process.exitValue());
      }
      return Json.MAPPER.readTree(out);
    } catch (IOException | ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("tool_schema.py failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while reading a tool's source", e);
    } finally {
      process.destroyForcibly();
    }
  }

  private static byte[] readAll(InputStream in) {
    try (in) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Copies the script out of the jar once; python3 needs a file path. */
  private Path script() throws IOException {
    Path s = script;
    if (s == null) {
      synchronized (this) {
        if (script == null) {
          Path file = Files.createTempFile("engram-tool-schema-", ".py");
          file.toFile().deleteOnExit();
          try (InputStream in = ToolSchemaGenerator.class.getClassLoader().getResourceAsStream(SCRIPT)) {
            if (in == null) {
              throw new IllegalStateException(SCRIPT + " is missing from the classpath");
            }
            Files.write(file, in.readAllBytes());
          }
          script = file;
        }
        s = script;
      }
    }
    return s;
  }
}
