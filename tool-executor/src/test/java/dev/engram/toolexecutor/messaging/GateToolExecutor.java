package dev.engram.toolexecutor.messaging;

import dev.engram.contracts.api.ToolDefinition;
import dev.engram.contracts.api.ToolExecutionResult;
import dev.engram.toolexecutor.execution.ToolExecutor;
import dev.engram.toolexecutor.execution.ToolInvocation;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A test tool that blocks until the test opens its gate: stands in for a slow tool. */
@ApplicationScoped
public class GateToolExecutor implements ToolExecutor {
  static final String NAME = "test_wait_for_gate";

  private static volatile CountDownLatch gate = new CountDownLatch(1);

  /** Closes the gate for calls that start from now on. */
  static void close() {
    gate = new CountDownLatch(1);
  }

  /** Lets every waiting call finish. */
  static void open() {
    gate.countDown();
  }

  @Override
  public boolean handles(ToolDefinition tool) {
    return NAME.equals(tool.name());
  }

  @Override
  public ToolExecutionResult execute(ToolInvocation invocation) {
    try {
      return gate.await(30, TimeUnit.SECONDS)
          ? ToolExecutionResult.success("Gate opened.")
          : ToolExecutionResult.error("The gate stayed closed.");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ToolExecutionResult.error("Interrupted at the gate.");
    }
  }
}
