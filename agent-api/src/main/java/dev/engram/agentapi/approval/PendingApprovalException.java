package dev.engram.agentapi.approval;

import dev.engram.contracts.PendingApprovals;

/** Letta's 409 for a message sent while the agent waits for an approval answer; carries the pending request id. */
public class PendingApprovalException extends RuntimeException {
  private final String pendingRequestId;

  public PendingApprovalException(String pendingRequestId) {
    super(PendingApprovals.MESSAGE);
    this.pendingRequestId = pendingRequestId;
  }

  public String pendingRequestId() {
    return pendingRequestId;
  }

  /** The error body: {@code {"detail": {"code": "PENDING_APPROVAL", "message": ..., "pending_request_id": ...}}}. */
  public Body body() {
    return new Body(new Detail(PendingApprovals.CODE, getMessage(), pendingRequestId));
  }

  /** Letta's body of the conflict. */
  public record Body(Detail detail) {
  }

  /** The structured detail of the conflict. */
  public record Detail(String code, String message, String pendingRequestId) {
  }
}
