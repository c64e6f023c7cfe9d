package dev.engram.steprunner.loop;

import dev.engram.platform.outbox.Outbox;
import dev.engram.steprunner.persistence.MessageRepository;
import dev.engram.steprunner.persistence.PendingApprovalRepository;
import dev.engram.steprunner.persistence.PendingApprovalRepository.PendingApproval;
import dev.engram.steprunner.persistence.StoredMessage;
import dev.engram.steprunner.stream.RunChunks;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;

/**
 * The commit that answers an approval request: the client's answer, the tool returns (and any message sent with
 * the answer) are stored, the request enters the context window right before its returns, and the agent stops
 * waiting — all at once, so a crash leaves either a pending request or an answered one, never an orphaned call.
 */
@ApplicationScoped
public class ApprovalCommits {
  private final MessageRepository messages;
  private final PendingApprovalRepository pending;
  private final Outbox outbox;
  private final RunChunks chunks;

  ApprovalCommits(MessageRepository messages, PendingApprovalRepository pending, Outbox outbox, RunChunks chunks) {
    this.chunks = chunks;
    this.messages = messages;
    this.pending = pending;
    this.outbox = outbox;
  }

  /** Commits the answer of {@code request}; fails (and changes nothing) if it was answered meanwhile. */
  @Transactional
  public void answer(PendingApproval request, List<StoredMessage> added) {
    if (!pending.resolve(request.agentId(), request.messageId())) {
      throw new IllegalStateException("The approval request " + request.messageId() + " was answered already");
    }
    messages.insert(request.conversation(), added);
    messages.enterContext(request.messageId());
    // The tool returns the answer led to are the answering run's first output; the answer itself is its input.
    List<StoredMessage> returns = added.stream().filter(m -> m.role() == StoredMessage.Role.TOOL).toList();
    if (!returns.isEmpty()) {
      outbox.publishAll(chunks.committed(request.agentId(), returns.get(0).runId(), returns));
    }
    outbox.publish(RunService.recall(request.agentId(), added));
  }
}
