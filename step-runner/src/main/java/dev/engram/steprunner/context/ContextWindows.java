package dev.engram.steprunner.context;

import dev.engram.steprunner.persistence.ConversationKey;
import dev.engram.steprunner.persistence.MessageRepository;
import dev.engram.steprunner.persistence.StoredMessage;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The in-context messages of the conversations of the agents this instance drives, kept in memory so a step does
 * not re-read (and re-parse) the whole window from PostgreSQL. Only the agent's worker, which holds the agent's
 * lease, changes an entry, and only after the matching commit; every window of an agent is dropped when the lease
 * epoch shows that another instance drove the agent in between.
 */
@ApplicationScoped
public class ContextWindows {
  private final MessageRepository messages;
  /** Per agent, per conversation id. */
  private final Map<String, Map<String, Window>> windows = new ConcurrentHashMap<>();
  private final Map<String, Long> epochs = new ConcurrentHashMap<>();

  /** One conversation's window, its messages' model-facing forms and its cached recall figure (-1: not counted yet). */
  private static final class Window {
    final List<StoredMessage> messages;
    final PromptForms forms = new PromptForms();
    long recall = -1;
    /** Whether no compaction of the conversation is open (checked in the store since this window was loaded). */
    boolean noOpenCompaction;

    Window(List<StoredMessage> messages) {
      this.messages = new ArrayList<>(messages);
    }
  }

  ContextWindows(MessageRepository messages) {
    this.messages = messages;
  }

  /** The conversation's context window, oldest first (a copy). */
  public List<StoredMessage> get(ConversationKey conversation) {
    Window w = window(conversation);
    synchronized (w) {
      return List.copyOf(w.messages);
    }
  }

  /**
   * The conversation's context window, oldest first, each message with its model-facing form (tool returns cut to
   * {@code returnCap} characters); a form is made once per message, not once per step.
   */
  public List<PromptForms.Formed> prompt(ConversationKey conversation, int returnCap) {
    Window w = window(conversation);
    synchronized (w) {
      return w.forms.of(w.messages, returnCap);
    }
  }

  /**
   * Tokens of the window's messages in a request (framing included; tools and reply primer not), as
   * {@code counter} counts their forms; only messages not counted before are counted.
   */
  public int messageTokens(ConversationKey conversation, TokenCounter counter, int returnCap) {
    Window w = window(conversation);
    synchronized (w) {
      return w.forms.tokens(w.messages, counter, returnCap);
    }
  }

  /**
   * How many stored messages of the conversation are outside its window (recall memory). Appends add to the
   * window and to the store alike, so the figure only changes when messages leave the window, which
   * invalidates it; an ordinary step does not count the conversation's history.
   */
  public long recallCount(ConversationKey conversation) {
    Window w = window(conversation);
    synchronized (w) {
      if (w.recall < 0) {
        w.recall = Math.max(0, messages.count(conversation) - w.messages.size());
      }
      return w.recall;
    }
  }

  /** Adds committed messages to a loaded window. */
  public void append(ConversationKey conversation, List<StoredMessage> committed) {
    Window w = loaded(conversation);
    if (w != null) {
      synchronized (w) {
        w.messages.addAll(committed);
      }
    }
  }

  /** Records a committed in-place rewrite of a message (the system prompt after a memory change). */
  public void rewrite(ConversationKey conversation, String messageId, String content) {
    Window w = loaded(conversation);
    if (w != null) {
      synchronized (w) {
        w.messages.replaceAll(m -> m.id().equals(messageId) ? withContent(m, content) : m);
      }
    }
  }

  /** Keeps the agent's windows only if they were built under the same lease epoch. */
  public void validate(String agentId, long leaseEpoch) {
    Long previous = epochs.put(agentId, leaseEpoch);
    if (previous == null || previous != leaseEpoch) {
      invalidate(agentId);
    }
  }

  /** Forgets every window of an agent; the next read loads them from PostgreSQL. */
  public void invalidate(String agentId) {
    windows.remove(agentId);
  }

  /**
   * Whether the conversation's window holds a system message, when the window is in memory (empty: not loaded, ask
   * the store). Only the agent's worker may ask: the answer is as current as the window.
   */
  public Optional<Boolean> hasSystemMessage(ConversationKey conversation) {
    Window w = loaded(conversation);
    if (w == null) {
      return Optional.empty();
    }
    synchronized (w) {
      return Optional.of(w.messages.stream().anyMatch(m -> m.role() == StoredMessage.Role.SYSTEM));
    }
  }

  /**
   * Whether the store was asked, since the conversation's window was loaded, for a compaction left open and had
   * none, and this worker has requested none since. Such a compaction can only come from an earlier owner of the
   * agent (a new lease epoch drops the window) or from a run of this worker that ended while it waited for the
   * summary (its request clears the mark), so while this holds a run need not ask again.
   */
  public boolean noOpenCompaction(ConversationKey conversation) {
    Window w = loaded(conversation);
    if (w == null) {
      return false;
    }
    synchronized (w) {
      return w.noOpenCompaction;
    }
  }

  /** Records the answer of {@link #noOpenCompaction}: {@code none} after the store had none, false on a request. */
  public void markNoOpenCompaction(ConversationKey conversation, boolean none) {
    Window w = none ? window(conversation) : loaded(conversation);
    if (w != null) {
      synchronized (w) {
        w.noOpenCompaction = none;
      }
    }
  }

  /** Forgets one conversation's window. */
  public void invalidate(ConversationKey conversation) {
    Map<String, Window> agent = windows.get(conversation.agentId());
    if (agent != null) {
      agent.remove(conversation.conversationId());
    }
  }

  private Window window(ConversationKey conversation) {
    return windows.computeIfAbsent(conversation.agentId(), id -> new ConcurrentHashMap<>())
        .computeIfAbsent(conversation.conversationId(), id -> new Window(messages.inContext(conversation)));
  }

  private Window loaded(ConversationKey conversation) {
    Map<String, Window> agent = windows.get(conversation.agentId());
    return agent == null ? null : agent.get(conversation.conversationId());
  }

  private static StoredMessage withContent(StoredMessage m, String content) {
    return new StoredMessage(m.seq(), m.id(), m.agentId(), m.runId(), m.stepId(), m.role(), content, m.reasoning(),
        m.toolCalls(), m.toolCallId(), m.toolName(), m.toolStatus(), m.name(), m.otid(), m.inContext(),
        m.createdAt());
  }
}
