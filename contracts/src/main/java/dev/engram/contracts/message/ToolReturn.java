package dev.engram.contracts.message;

/** One tool return in Letta's {@code tool_returns} list. */
public record ToolReturn(String type, String toolCallId, String status, String toolReturn, String stdout, String stderr) {
  /** A tool return of {@code type: "tool"}. */
  public static ToolReturn of(String toolCallId, String status, String toolReturn) {
    return new ToolReturn("tool", toolCallId, status, toolReturn, null, null);
  }
}
