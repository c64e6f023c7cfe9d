package dev.engram.steprunner.stream;

import dev.engram.contracts.Ids;
import dev.engram.contracts.events.MessageChunk;
import dev.engram.contracts.events.MessageReceived;
import dev.engram.contracts.message.LettaMessage;
import dev.engram.platform.outbox.Outbox;
import dev.engram.steprunner.message.LettaMessages;
import dev.engram.steprunner.persistence.RunChunkRepository;
import dev.engram.steprunner.persistence.StoredMessage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns a run's output into {@link MessageChunk}s numbered 1, 2, 3... per run. The counter lives in the
 * run's queue row and is bumped in the transaction that writes the chunks to the outbox, so a crash never
 * loses, repeats or renumbers a chunk: what committed was published with its seq ids, what did not was never
 * numbered.
 */
@ApplicationScoped
public class RunChunks {
  private final RunChunkRepository repository;
  private final Outbox outbox;
  /** Runs being executed here whose request did not ask for token streaming: none of their parts was streamed. */
  private final Set<String> unstreamed = ConcurrentHashMap.newKeySet();
  /** Runs being executed here whose output nobody reads as a stream (a request-response send): no chunks. */
  private final Set<String> unchunked = ConcurrentHashMap.newKeySet();

  RunChunks(RunChunkRepository repository, Outbox outbox) {
    this.repository = repository;
    this.outbox = outbox;
  }

  /**
   * The whole-message chunks of a step's committed messages, in their order, numbered; parts already streamed
   * as token deltas are left out (their text reached clients once, as deltas). Call inside the step's commit.
   */
  public List<MessageChunk> committed(String agentId, String runId, List<StoredMessage> messages) {
    if (unchunked.contains(runId)) {
      return List.of();
    }
    Set<String> streamed = unstreamed.contains(runId) ? Set.of() : repository.streamed(runId);
    List<LettaMessage> whole = LettaMessages.of(messages).stream()
        .filter(m -> !streamed.contains(LettaMessages.otidOf(m))).toList();
    return number(agentId, runId, whole, false);
  }

  /** Publishes token deltas of a run (one transaction: their seq ids and outbox rows commit together). */
  @Transactional
  public void publishDeltas(String agentId, String runId, List<LettaMessage> deltas) {
    if (deltas.isEmpty()) {
      return;
    }
    Set<String> otids = new LinkedHashSet<>();
    deltas.forEach(d -> otids.add(LettaMessages.otidOf(d)));
    repository.markStreamed(runId, otids);
    outbox.publishAll(number(agentId, runId, deltas, true));
  }

  /** Drops what a finished run no longer needs. */
  public void forget(String runId) {
    if (!unstreamed.contains(runId)) {
      repository.forget(runId);
    }
  }

  /**
   * Notes, while this instance executes a run, what its request asked for (the flags are the request's, so they
   * hold for what the run did before a crash too): a run that does not stream tokens never streamed a part, so
   * its commits skip the lookup of streamed parts; a run whose output is not chunked publishes no chunks.
   * Paired with {@link #release}.
   */
  public void executing(MessageReceived run) {
    if (!run.streamTokens()) {
      unstreamed.add(run.runId());
    }
    if (!run.chunksOutput()) {
      unchunked.add(run.runId());
    }
  }

  /** The run is no longer executed here. */
  public void release(String runId) {
    unstreamed.remove(runId);
    unchunked.remove(runId);
  }

  private List<MessageChunk> number(String agentId, String runId, List<LettaMessage> messages, boolean delta) {
    if (messages.isEmpty()) {
      return List.of();
    }
    long seq = repository.reserve(runId, messages.size());
    Instant now = Instant.now();
    List<MessageChunk> chunks = new ArrayList<>(messages.size());
    for (LettaMessage m : messages) {
      chunks.add(new MessageChunk(Ids.newId(Ids.EVENT), agentId, runId, seq++, delta, m, now));
    }
    return chunks;
  }
}
