package dev.engram.contracts.api;

import java.util.List;

/**
 * One item of a send's {@code messages}: Letta's {@code MessageCreate} (content flattened to text), or with
 * {@code type} {@value #APPROVAL} its {@code ApprovalCreate}: the answers to a pending approval request
 * ({@code approvals}, each an approval/denial or a client-side tool return), or the deprecated single form
 * ({@code approve}, {@code approvalRequestId}, {@code reason}) that answers every pending call at once.
 */
public record InputMessage(
    String role,
    String content,
    String otid,
    String name,
    String type,
    List<ApprovalItem> approvals,
    String approvalRequestId,
    Boolean approve,
    String reason) {

  /** The {@code type} of an approval answer. */
  public static final String APPROVAL = "approval";

  /** An ordinary message (the form before approvals existed). */
  public InputMessage(String role, String content, String otid, String name) {
    this(role, content, otid, name, null, null, null, null, null);
  }

  /** An approval answer. */
  public static InputMessage approval(List<ApprovalItem> approvals, String approvalRequestId, Boolean approve,
      String reason, String otid) {
    return new InputMessage(null, null, otid, null, APPROVAL, approvals, approvalRequestId, approve, reason);
  }

  /** Whether this item answers a pending approval request (named without a getter prefix: not a wire field). */
  public boolean answersApproval() {
    return APPROVAL.equals(type);
  }

  /** The per-call answers, never null. */
  public List<ApprovalItem> approvalsOrEmpty() {
    return approvals == null ? List.of() : approvals;
  }
}
