package dev.engram.steprunner.loop;

import dev.engram.contracts.Ids;
import dev.engram.contracts.api.AgentSnapshot;
import dev.engram.platform.rest.ApiException;
import dev.engram.steprunner.context.BlockCache;
import dev.engram.steprunner.context.ContextWindows;
import dev.engram.steprunner.context.SystemPrompts;
import dev.engram.steprunner.persistence.CompactionRepository;
import dev.engram.steprunner.persistence.ConversationKey;
import dev.engram.steprunner.persistence.LeaseRepository;
import dev.engram.steprunner.persistence.MessageRepository;
import dev.engram.steprunner.persistence.QueueRepository;
import dev.engram.steprunner.persistence.StoredMessage;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Changes to an agent's context made outside its runs (recompiling the system prompt, resetting the
 * message buffer). Each takes the agent's lease like a worker does, so it never interleaves with a
 * step: it waits for the running run to finish, and the lease epoch it bumps makes whichever instance
 * drives the agent next reload the context instead of trusting its cache.
 */
@ApplicationScoped
public class AgentMaintenance {
  private static final Duration LEASE = Duration.ofSeconds(30);

  private final LeaseRepository leases;
  private final QueueRepository queue;
  private final MessageRepository messages;
  private final ContextWindows windows;
  private final BlockCache memory;
  private final CompactionRepository compactions;
  private final SystemPrompts prompts;
  private final AgentScheduler scheduler;
  private final Duration wait;

  AgentMaintenance(LeaseRepository leases, QueueRepository queue, MessageRepository messages, ContextWindows windows,
      BlockCache memory, SystemPrompts prompts, AgentScheduler scheduler, CompactionRepository compactions,
      @ConfigProperty(name = "engram.step-runner.maintenance-wait",
          defaultValue = "PT10S") Duration wait) {
    this.leases = leases;
    this.compactions = compactions;
    this.queue = queue;
    this.messages = messages;
    this.windows = windows;
    this.memory = memory;
    this.prompts = prompts;
    this.scheduler = scheduler;
    this.wait = wait;
  }

  /**
   * Compiles the agent's system prompt from its current memory and stores it in place (same message id)
   * unless {@code dryRun}; the "last recompiled" time changes only with {@code updateTimestamp}.
   */
  public String recompile(AgentSnapshot agent, ConversationKey conversation, boolean updateTimestamp,
      boolean dryRun) {
    if (dryRun) {
      // Same fresh read as a stored recompile, so a preview shows what storing would store.
      memory.invalidate(agent.id());
      String stored = messages.systemMessage(conversation).map(StoredMessage::content).orElse(null);
      return prompts.preview(agent, conversation, stored, updateTimestamp);
    }
    return exclusively(agent.id(), () -> {
      // Memory may have changed through routes this instance did not see: read it afresh.
      memory.invalidate(agent.id());
      return store(agent, conversation, updateTimestamp);
    });
  }

  /**
   * Takes every message but the system message out of the agent's context window; they stay stored and
   * searchable (recall memory). The system prompt is recompiled with the new recall count.
   */
  public void resetMessages(AgentSnapshot agent, ConversationKey conversation) {
    exclusively(agent.id(), () -> {
      QuarkusTransaction.requiringNew().run(() -> {
        messages.clearContext(conversation);
      });
      windows.invalidate(conversation);
      memory.invalidate(agent.id());
      return store(agent, conversation, true);
    });
  }

  /** Stores the recompiled prompt, creating the system message of a conversation that never ran. */
  private String store(AgentSnapshot agent, ConversationKey conversation, boolean updateTimestamp) {
    Optional<StoredMessage> system = messages.systemMessage(conversation);
    String prompt = prompts.recompile(agent, conversation, system.map(StoredMessage::content).orElse(null),
        updateTimestamp);
    QuarkusTransaction.requiringNew().run(() -> {
      if (system.isPresent()) {
        messages.updateContent(system.get().id(), prompt);
      } else {
        messages.insert(conversation, List.of(StoredMessage.draft(Ids.newId(Ids.MESSAGE), agent.id(), null, null,
            StoredMessage.Role.SYSTEM, prompt, null, null, null, null, null, null, null)));
      }
    });
    windows.invalidate(conversation);
    return prompt;
  }

  /**
   * Starts conversation {@code target} as a copy of {@code source}'s context window (up to and including
   * {@code upToMessageId} when given): the same system message, summary and messages under new ids, so each
   * conversation goes on with its own history. Answers the new window's message ids.
   */
  public List<String> fork(ConversationKey source, ConversationKey target, String upToMessageId) {
    return exclusively(source.agentId(), () -> {
      if (!messages.inContextIds(target).isEmpty()) {
        throw ApiException.conflict("Conversation " + target.conversationId() + " already has messages; a fork "
            + "needs a new conversation.");
      }
      List<StoredMessage> window = messages.inContext(source);
      if (upToMessageId != null) {
        int at = -1;
        for (int i = 0; i < window.size(); i++) {
          if (window.get(i).id().equals(upToMessageId)) {
            at = i;
          }
        }
        if (at < 0) {
          throw ApiException.notFound("Message " + upToMessageId + " is not in the context window of conversation "
              + source.conversationId() + ".");
        }
        window = window.subList(0, at + 1);
      }
      String summaryId = compactions.summaryMessageId(source).orElse(null);
      List<StoredMessage> copies = window;
      List<String> ids = QuarkusTransaction.requiringNew().call(() -> {
        List<String> created = new ArrayList<>();
        for (StoredMessage m : copies) {
          // Not the source's run or step: a copy must not count among that run's messages (replay, run listings).
          StoredMessage copy = new StoredMessage(0, Ids.newId(Ids.MESSAGE), m.agentId(), null, null,
              m.role(), m.content(), m.reasoning(), m.toolCalls(), m.toolCallId(), m.toolName(), m.toolStatus(),
              m.name(), m.otid(), true, null);
          if (m.id().equals(summaryId)) {
            compactions.insertSummaryMessage(target, copy);
          } else {
            messages.insert(target, List.of(copy));
          }
          created.add(copy.id());
        }
        return created;
      });
      windows.invalidate(target);
      return ids;
    });
  }

  private <T> T exclusively(String agentId, Supplier<T> work) {
    String owner = "maintenance-" + UUID.randomUUID();
    long deadline = System.nanoTime() + wait.toNanos();
    while (leases.claim(agentId, owner, LEASE).isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw ApiException.conflict("Agent " + agentId + " is still busy with a run after " + wait.toSeconds()
            + " s; try again once it has finished.");
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw ApiException.unavailable("Interrupted while waiting for agent " + agentId);
      }
    }
    try {
      return work.get();
    } finally {
      leases.release(agentId, owner);
      windows.invalidate(agentId);
      // Runs that queued up meanwhile found the agent taken and left it; pick them up now.
      if (queue.head(agentId).isPresent()) {
        scheduler.signal(agentId);
      }
    }
  }
}
