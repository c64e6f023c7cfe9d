package dev.engram.contracts.message;

import dev.engram.contracts.api.ApprovalItem;
import java.util.List;

/**
 * The client's answer to an approval request: per-call approvals, denials or tool returns, plus Letta's
 * deprecated single form ({@code approve}, {@code approvalRequestId}, {@code reason}).
 */
public record ApprovalResponseMessage(
    String id, String date, String name, String otid, String senderId, String stepId, String runId,
    List<ApprovalItem> approvals, Boolean approve, String approvalRequestId, String reason) implements LettaMessage {
}
