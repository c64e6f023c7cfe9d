package dev.engram.steprunner.context;

import dev.engram.steprunner.persistence.MessageRepository;
import dev.engram.steprunner.persistence.StoredMessage;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The in-context messages of the agents this instance drives, kept in memory so a step does not
 * re-read (and re-parse) the whole window from PostgreSQL. Only the agent's worker, which holds the
 * agent's lease, changes an entry, and only after the matching commit; an entry is dropped when the
 * lease epoch shows that another instance drove the agent in between.
 */
@ApplicationScoped
public class ContextWindows {
  private final MessageRepository messages;
  private final Map<String, List<StoredMessage>> windows = new ConcurrentHashMap<>();
  private final Map<String, Long> epochs = new ConcurrentHashMap<>();
  private final Map<String, Long> recall = new ConcurrentHashMap<>();

  ContextWindows(MessageRepository messages) {
    this.messages = messages;
  }

  /** The agent's context window, oldest first (a copy). */
  public List<StoredMessage> get(String agentId) {
    return List.copyOf(windows.computeIfAbsent(agentId, id -> new ArrayList<>(messages.inContext(id))));
  }

  /**
   * How many stored messages of the agent are outside its window (recall memory). Appends add to the
   * window and to the store alike, so the figure only changes when messages leave the window, which
   * invalidates it; an ordinary step does not count the agent's history.
   */
  public long recallCount(String agentId) {
    return recall.computeIfAbsent(agentId, id -> Math.max(0, messages.count(id) - get(id).size()));
  }

  /** Adds committed messages to a loaded window. */
  public void append(String agentId, List<StoredMessage> committed) {
    windows.computeIfPresent(agentId, (id, window) -> {
      window.addAll(committed);
      return window;
    });
  }

  /** Records a committed in-place rewrite of a message (the system prompt after a memory change). */
  public void rewrite(String agentId, String messageId, String content) {
    windows.computeIfPresent(agentId, (id, window) -> {
      window.replaceAll(m -> m.id().equals(messageId) ? withContent(m, content) : m);
      return window;
    });
  }

  /** Keeps the agent's window only if it was built under the same lease epoch. */
  public void validate(String agentId, long leaseEpoch) {
    Long previous = epochs.put(agentId, leaseEpoch);
    if (previous == null || previous != leaseEpoch) {
      invalidate(agentId);
    }
  }

  /** Forgets an agent's window; the next read loads it from PostgreSQL. */
  public void invalidate(String agentId) {
    windows.remove(agentId);
    recall.remove(agentId);
  }

  private static StoredMessage withContent(StoredMessage m, String content) {
    return new StoredMessage(m.seq(), m.id(), m.agentId(), m.runId(), m.stepId(), m.role(), content, m.reasoning(),
        m.toolCalls(), m.toolCallId(), m.toolName(), m.toolStatus(), m.name(), m.otid(), m.inContext(),
        m.createdAt());
  }
}
