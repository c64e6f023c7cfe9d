package dev.engram.memory.tool;

import dev.engram.contracts.api.ToolExecutionRequest;
import dev.engram.contracts.api.ToolExecutionResult;
import dev.engram.platform.rest.ApiException;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import io.quarkus.narayana.jta.QuarkusTransaction;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** Executes memory tool calls exactly once per idempotency key; a replay returns the recorded result. */
@ApplicationScoped
public class ToolExecutionService {
  private final MemoryTools tools;
  private final ToolExecutionRepository executions;
  private final MeterRegistry meters;

  ToolExecutionService(MemoryTools tools, ToolExecutionRepository executions, MeterRegistry meters) {
    this.tools = tools;
    this.executions = executions;
    this.meters = meters;
  }

  /**
   * Applies the call and records its result in one transaction, or returns the result recorded for
   * the same key. Tool failures are results with status {@code error}, never exceptions: a failing call
   * is rolled back whole (a multi-block patch never half-applies) and its error recorded afterwards.
   */
  public ToolExecutionResult execute(ToolExecutionRequest request) {
    validate(request);
    try {
      return QuarkusTransaction.requiringNew().call(() -> attempt(request));
    } catch (ToolFailed failed) {
      return QuarkusTransaction.requiringNew().call(() -> recordFailure(request, failed.result));
    }
  }

  private ToolExecutionResult attempt(ToolExecutionRequest request) {
    if (!executions.claim(request)) {
      return replay(request);
    }
    ToolExecutionResult result;
    try {
      result = tools.run(request);
    } catch (ToolException e) {
      throw new ToolFailed(ToolExecutionResult.error(e.getMessage()));
    }
    executions.complete(request.idempotencyKey(), result);
    count(request.toolName(), result, false);
    return result;
  }

  private ToolExecutionResult recordFailure(ToolExecutionRequest request, ToolExecutionResult result) {
    if (!executions.claim(request)) {
      return replay(request);
    }
    executions.complete(request.idempotencyKey(), result);
    count(request.toolName(), result, false);
    return result;
  }

  private ToolExecutionResult replay(ToolExecutionRequest request) {
    ToolExecutionRepository.Recorded recorded = executions.find(request.idempotencyKey()).orElseThrow();
    if (!recorded.toolName().equals(request.toolName()) || !recorded.agentId().equals(request.agentId())) {
      throw ApiException.conflict("idempotency_key '" + request.idempotencyKey() + "' was already used for "
          + recorded.toolName() + " of agent " + recorded.agentId());
    }
    count(request.toolName(), recorded.result(), true);
    return recorded.result();
  }

  /** Carries a tool's error out of the transaction so that everything the call wrote is rolled back. */
  private static final class ToolFailed extends RuntimeException {
    private final transient ToolExecutionResult result;

    ToolFailed(ToolExecutionResult result) {
      super(result.toolReturn(), null, false, false);
      this.result = result;
    }
  }

  private void count(String tool, ToolExecutionResult result, boolean replay) {
    meters.counter("engram.memory.tool.executions", "tool", tool, "status", result.status(),
        "replay", Boolean.toString(replay)).increment();
  }

  private static void validate(ToolExecutionRequest request) {
    if (request == null) {
      throw ApiException.unprocessable("Request body is required");
    }
    List<String> missing = new ArrayList<>();
    if (blank(request.agentId())) {
      missing.add("agent_id");
    }
    if (blank(request.toolName())) {
      missing.add("tool_name");
    }
    if (blank(request.idempotencyKey())) {
      missing.add("idempotency_key");
    }
    if (!missing.isEmpty()) {
      throw ApiException.unprocessable("Field required: " + String.join(", ", missing));
    }
    if (!MemoryTools.NAMES.contains(request.toolName())) {
      throw ApiException.badRequest("Unknown tool '" + request.toolName() + "': memory-service executes "
          + String.join(", ", new TreeSet<>(MemoryTools.NAMES)));
    }
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
