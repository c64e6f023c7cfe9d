package dev.engram.steprunner.context;

import dev.engram.contracts.events.ContextWindowOverflowed;
import dev.engram.contracts.events.ConversationSummarized;
import dev.engram.contracts.events.SummarizationFailed;
import dev.engram.contracts.events.SummaryEvent;
import dev.engram.platform.outbox.Outbox;
import dev.engram.steprunner.persistence.CompactionRepository;
import dev.engram.steprunner.persistence.ConversationKey;
import dev.engram.steprunner.persistence.MessageRepository;
import dev.engram.steprunner.persistence.StoredMessage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;

/** The transactions of a compaction: request (with its event), answer, give up, install. */
@ApplicationScoped
public class CompactionService {
  private final CompactionRepository compactions;
  private final MessageRepository messages;
  private final Outbox outbox;

  CompactionService(CompactionRepository compactions, MessageRepository messages, Outbox outbox) {
    this.compactions = compactions;
    this.messages = messages;
    this.outbox = outbox;
  }

  /** Records a compaction and publishes its {@code ContextWindowOverflowed} in one commit. */
  @Transactional
  public void request(ContextWindowOverflowed event, ConversationKey conversation, String mode,
      List<String> evictedIds, String previousSummaryId, int messagesBefore) {
    compactions.insert(event.eventId(), conversation, event.runId(), event.trigger(), mode, evictedIds,
        previousSummaryId, messagesBefore);
    outbox.publish(event);
  }

  /** Records the summarizer's answer once; an answer to a request given up already is ignored. */
  @Transactional
  public void recordAnswer(SummaryEvent event) {
    switch (event) {
      case ConversationSummarized s ->
          compactions.answer(s.requestEventId(), CompactionRepository.SUMMARIZED, s.summary(), null);
      case SummarizationFailed f -> compactions.answer(f.requestEventId(), CompactionRepository.FAILED, null, f.error());
    }
  }

  /** Gives up waiting; false if the answer arrived first. */
  @Transactional
  public boolean timeOut(String id, String error) {
    return compactions.answer(id, CompactionRepository.TIMED_OUT, null, error);
  }

  /**
   * Installs a summary: the summary message enters the window right after the system prompt, the evicted
   * messages (and the summary they replace) leave it but stay in the history, and the system prompt is
   * rewritten with its new recompilation time.
   */
  @Transactional
  public void install(CompactionRepository.Compaction c, StoredMessage summary, String systemMessageId,
      String prompt, int messagesAfter) {
    List<String> out = new ArrayList<>(c.evictedIds());
    if (c.previousSummaryId() != null) {
      out.add(c.previousSummaryId());
    }
    compactions.evict(c.agentId(), out);
    compactions.insertSummaryMessage(c.conversation(), summary);
    messages.updateContent(systemMessageId, prompt);
    compactions.installed(c.id(), summary.id(), messagesAfter);
  }
}
