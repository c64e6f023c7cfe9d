package dev.engram.memory.tool;

/** A tool call failed in a way the agent reads and can act on; becomes {@code ToolExecutionResult.error}. */
public class ToolException extends RuntimeException {
  public ToolException(String message) {
    super(message);
  }
}
