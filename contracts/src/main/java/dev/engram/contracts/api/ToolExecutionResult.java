package dev.engram.contracts.api;

/** The outcome of a tool call as the agent sees it: {@code success} or {@code error} plus the return text. */
public record ToolExecutionResult(String status, String toolReturn, String stdout, String stderr) {
  public static final String SUCCESS = "success";
  public static final String ERROR = "error";

  /** A successful return. */
  public static ToolExecutionResult success(String toolReturn) {
    return new ToolExecutionResult(SUCCESS, toolReturn, null, null);
  }

  /** An error return the agent can read and act on. */
  public static ToolExecutionResult error(String message) {
    return new ToolExecutionResult(ERROR, message, null, null);
  }

  /** Whether the tool succeeded. */
  public boolean ok() {
    return SUCCESS.equals(status);
  }
}
