package dev.engram.toolexecutor.execution;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.contracts.api.ToolDefinition;
import dev.engram.contracts.api.ToolExecutionResult;
import dev.engram.contracts.events.ToolCallRequested;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Handles one {@link ToolCallRequested}: runs the tool at most once per idempotency key (barring a
 * crash mid-execution) and answers every delivery, first or repeated, with the recorded result.
 */
@ApplicationScoped
public class ToolCallHandler {
  /** Outcome tag of a delivery answered from the record without running the tool. */
  public static final String REPLAYED = "replayed";

  private final ToolExecutionService service;
  private final ToolExecutorRegistry registry;
  private final ToolDispatch dispatch;
  private final MeterRegistry meters;
  private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

  ToolCallHandler(ToolExecutionService service, ToolExecutorRegistry registry, ToolDispatch dispatch,
      MeterRegistry meters) {
    this.service = service;
    this.registry = registry;
    this.dispatch = dispatch;
    this.meters = meters;
  }

  /** Executes or replays the request; blocks for as long as the tool runs. */
  public void handle(ToolCallRequested request) {
    if (request.idempotencyKey() == null || request.tool() == null || request.tool().name() == null) {
      throw new IllegalArgumentException("ToolCallRequested " + request.eventId()
          + " lacks an idempotency key or a tool definition");
    }
    String key = request.idempotencyKey();
    if (!inFlight.add(key)) {
      Log.infof("Tool call %s is running here already; its result answers this delivery too", key);
      return;
    }
    try {
      switch (service.claim(request)) {
        case ToolExecutionService.Claim.Recorded recorded -> {
          meters.counter("engram.tool.calls", "tool", request.tool().name(), "outcome", REPLAYED).increment();
          Log.infof("Tool call %s was executed before; re-published its recorded result", key);
        }
        case ToolExecutionService.Claim.Granted granted -> {
          if (granted.takenOver()) {
            Log.warnf("Tool call %s has a claim that never completed (crash or rebalance); running it again", key);
          }
          if (!service.complete(request, run(request))) {
            Log.infof("Tool call %s was completed by an earlier execution meanwhile; its result stands", key);
          }
        }
      }
    } finally {
      inFlight.remove(key);
    }
  }

  private ToolExecutionResult run(ToolCallRequested request) {
    String tool = request.tool().name();
    Timer.Sample sample = Timer.start(meters);
    ToolExecutionResult result = execute(request);
    String outcome = result.ok() ? ToolExecutionResult.SUCCESS : ToolExecutionResult.ERROR;
    sample.stop(meters.timer("engram.tool.execution", "tool", tool, "outcome", outcome));
    meters.counter("engram.tool.calls", "tool", tool, "outcome", outcome).increment();
    return result;
  }

  private ToolExecutionResult execute(ToolCallRequested request) {
    ToolDefinition tool = request.tool();
    if (registry.executorFor(tool).isEmpty()) {
      return ToolExecutionResult.error(ToolExecutorRegistry.unsupported(tool));
    }
    ObjectNode arguments;
    try {
      arguments = ToolArguments.parse(tool.name(), request.arguments());
    } catch (ToolArguments.InvalidArgumentsException e) {
      return ToolExecutionResult.error(e.getMessage());
    }
    return dispatch.run(new ToolInvocation(request.agentId(), request.runId(), request.toolCallId(), tool, arguments,
        request.environment() == null ? Map.of() : request.environment()));
  }
}
