package dev.engram.contracts.api;

/**
 * One answer to a pending tool call, in Letta's wire shape: {@code type} {@value #APPROVAL} approves or denies
 * the call ({@code approve}, optional {@code reason}); {@code type} {@value #TOOL} is the client's own result of
 * running it ({@code toolReturn}, {@code status} "success" or "error", optional {@code stdout}/{@code stderr}).
 */
public record ApprovalItem(
    String type,
    String toolCallId,
    Boolean approve,
    String reason,
    String toolReturn,
    String status,
    String stdout,
    String stderr) {

  public static final String APPROVAL = "approval";
  public static final String TOOL = "tool";

  /** An approval or denial of one call. */
  public static ApprovalItem decision(String toolCallId, boolean approve, String reason) {
    return new ApprovalItem(APPROVAL, toolCallId, approve, reason, null, null, null, null);
  }

  /** The client's result of running one call itself. */
  public static ApprovalItem toolReturn(String toolCallId, String status, String toolReturn, String stdout,
      String stderr) {
    return new ApprovalItem(TOOL, toolCallId, null, null, toolReturn, status, stdout, stderr);
  }

  /** Whether this is the client's own tool return. */
  public boolean clientReturn() {
    return TOOL.equals(type);
  }
}
