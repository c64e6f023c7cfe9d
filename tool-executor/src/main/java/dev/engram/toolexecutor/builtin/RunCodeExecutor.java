package dev.engram.toolexecutor.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.contracts.Json;
import dev.engram.contracts.api.ToolDefinition;
import dev.engram.contracts.api.ToolExecutionResult;
import dev.engram.toolexecutor.execution.ToolExecutor;
import dev.engram.toolexecutor.execution.ToolInvocation;
import dev.engram.toolexecutor.sandbox.PythonSandbox;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * Letta's {@code run_code} built-in: Python runs in the same sandbox as custom tools (same limits, no network, no
 * secrets); other languages are answered with an error the agent can read, since no runtime for them is installed.
 */
@ApplicationScoped
public class RunCodeExecutor implements ToolExecutor {
  /** The tool's name. */
  public static final String NAME = "run_code";

  private final PythonSandbox sandbox;
  private final String runner;

  RunCodeExecutor(PythonSandbox sandbox) {
    this.sandbox = sandbox;
    try (InputStream in = RunCodeExecutor.class.getResourceAsStream("/builtin/run_code.py")) {
      this.runner = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public boolean handles(ToolDefinition tool) {
    return NAME.equals(tool.name()) && BuiltinTools.isBuiltin(tool);
  }

  @Override
  public ToolExecutionResult execute(ToolInvocation invocation) {
    JsonNode code = invocation.arguments().get("code");
    JsonNode language = invocation.arguments().get("language");
    if (code == null || !code.isTextual()) {
      return ToolExecutionResult.error("run_code needs a string argument 'code'.");
    }
    String lang = language == null || language.isNull() ? "python" : language.asText().toLowerCase(Locale.ROOT);
    if (!lang.equals("python")) {
      return ToolExecutionResult.error("run_code cannot run '" + language.asText() + "' code on this server: only "
          + "Python is installed in its sandbox. Write the program in Python instead.");
    }
    ObjectNode args = Json.MAPPER.createObjectNode().put("code", code.asText());
    return sandbox.run(runner, NAME, args, Map.of());
  }
}
