package dev.engram.agentapi.client;

import dev.engram.contracts.api.ToolDefinition;
import dev.engram.contracts.api.ToolExecutionResult;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/** Resilient access to tool-executor, which owns everything that reads or runs a tool's Python source. */
@ApplicationScoped
public class ToolExecutorClient {
  private static final String SERVICE = "tool-executor";

  private final ToolExecutorRestClient rest;

  ToolExecutorClient(@RestClient ToolExecutorRestClient rest) {
    this.rest = rest;
  }

  /**
   * Letta's {@code json_schema} of function {@code name} (null: the source's last top-level function). Retried: it
   * is a pure function of the source. A bad source is tool-executor's 400, passed on with its reason.
   */
  @Retry(maxRetries = 2, delay = 200, delayUnit = ChronoUnit.MILLIS, retryOn = DownstreamException.class)
  @Timeout(value = 20, unit = ChronoUnit.SECONDS)
  public Map<String, Object> schema(String sourceCode, String name) {
    Map<String, Object> request = new HashMap<>();
    request.put("source_code", sourceCode);
    request.put("name", name);
    return Downstream.call(SERVICE, () -> rest.schema(request));
  }

  /**
   * Runs {@code tool} now with these arguments, with the secrets of {@code agentId} (if not null) and
   * {@code environment}. Not retried: a tool may have side effects. The time limit leaves room for the sandbox's
   * own wall time, which ends a slow tool with an error result first.
   */
  @Timeout(value = 120, unit = ChronoUnit.SECONDS)
  public ToolExecutionResult run(String agentId, ToolDefinition tool, Map<String, Object> args,
      Map<String, String> environment) {
    Map<String, Object> request = new HashMap<>();
    request.put("agent_id", agentId);
    request.put("tool", tool);
    request.put("args", args == null ? Map.of() : args);
    request.put("environment", environment == null ? Map.of() : environment);
    Map<String, Object> answer = Downstream.call(SERVICE, () -> rest.run(request));
    return new ToolExecutionResult(String.valueOf(answer.get("status")), (String) answer.get("tool_return"),
        (String) answer.get("stdout"), (String) answer.get("stderr"));
  }
}
