package dev.engram.contracts;

/**
 * What agent-api and step-runner agree on about a run refused because of the approval flow: the error types of
 * its {@code RunFailed} and Letta's wording of the pending-approval conflict (clients match on "waiting for
 * approval on a tool call").
 */
public final class PendingApprovals {
  /** Error type of a run refused because the agent waits for an approval answer. */
  public static final String PENDING_ERROR_TYPE = "pending_approval";
  /** Error type of an approval answer that does not fit what is pending. */
  public static final String INVALID_ERROR_TYPE = "invalid_approval";
  /** The detail {@code code} of Letta's 409. */
  public static final String CODE = "PENDING_APPROVAL";
  /** The conflict's message. */
  public static final String MESSAGE = "Cannot send a new message: The agent is waiting for approval on a tool "
      + "call. Approve or deny the pending request (or send the tool's return) before continuing.";

  private PendingApprovals() {
  }
}
