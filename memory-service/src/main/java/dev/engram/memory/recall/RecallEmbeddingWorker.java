package dev.engram.memory.recall;

import dev.engram.memory.MemoryServiceConfig;
import dev.engram.memory.embedding.Embeddings;
import dev.engram.memory.recall.RecallRepository.StoredVector;
import dev.engram.memory.recall.RecallRepository.Unembedded;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Embeds indexed messages in the background, so neither the Kafka consumer nor a request waits for the
 * model: a message is found by full text at once and by meaning once this worker has stored its vector.
 * It takes batches of unembedded rows with {@code FOR UPDATE SKIP LOCKED} (several instances share the
 * work), stores the vectors in PostgreSQL and then hands them to {@link RecallVectors}.
 */
@ApplicationScoped
public class RecallEmbeddingWorker {
  private static final Logger LOG = Logger.getLogger(RecallEmbeddingWorker.class);

  private final RecallRepository repository;
  private final RecallVectors vectors;
  private final Embeddings embeddings;
  private final MemoryServiceConfig.Recall config;
  private final Counter embedded;
  private final Semaphore wakeUps = new Semaphore(0);
  private volatile boolean running;
  private Thread thread;

  RecallEmbeddingWorker(RecallRepository repository, RecallVectors vectors, Embeddings embeddings,
      MemoryServiceConfig config, MeterRegistry meters) {
    this.repository = repository;
    this.vectors = vectors;
    this.embeddings = embeddings;
    this.config = config.recall();
    this.embedded = meters.counter("engram.memory.recall.embedded");
  }

  void start(@Observes StartupEvent event) {
    if (config.embeddingWorker()) {
      running = true;
      thread = Thread.ofPlatform().daemon().name("engram-recall-embedder").start(this::run);
    }
  }

  void stop(@Observes ShutdownEvent event) {
    running = false;
    if (thread != null) {
      thread.interrupt();
    }
  }

  /** Asks the worker to look for new messages now rather than at its next poll. */
  public void wake() {
    wakeUps.release();
  }

  private void run() {
    while (running) {
      try {
        if (wakeUps.tryAcquire(config.embeddingPoll().toMillis(), TimeUnit.MILLISECONDS)) {
          // Woken by new messages: let the ones right behind them join the same inference.
          Thread.sleep(config.embeddingGather().toMillis());
        }
        wakeUps.drainPermits();
        while (running && embedBatch() >= config.embeddingBatch()) {
          // A full batch means a backlog: keep going. A partial one waits for the next wake-up or poll.
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        // The rows stay unembedded and are retried at the next poll.
        LOG.errorf(e, "Embedding recall messages failed; retrying in %s", config.embeddingPoll());
      }
    }
  }

  /** Embeds one batch; returns how many messages it embedded. */
  int embedBatch() {
    List<Embedded> done = QuarkusTransaction.requiringNew().call(() -> {
      List<Unembedded> rows = repository.claimUnembedded(config.embeddingBatch());
      if (rows.isEmpty()) {
        return List.<Embedded>of();
      }
      List<float[]> out = embeddings.defaultEmbedder().embed(rows.stream().map(Unembedded::document).toList());
      repository.storeEmbeddings(rows.stream().map(Unembedded::messageId).toList(), out);
      List<Embedded> stored = new ArrayList<>(rows.size());
      for (int i = 0; i < rows.size(); i++) {
        stored.add(new Embedded(rows.get(i), out.get(i)));
      }
      return stored;
    });
    // Only committed vectors reach the in-memory index.
    Map<String, List<StoredVector>> byAgent = new LinkedHashMap<>();
    for (Embedded e : done) {
      byAgent.computeIfAbsent(e.row().agentId(), a -> new ArrayList<>())
          .add(new StoredVector(e.row().messageId(), e.row().role(), e.row().createdAt(), e.vector()));
    }
    byAgent.forEach(vectors::added);
    embedded.increment(done.size());
    return done.size();
  }

  private record Embedded(Unembedded row, float[] vector) {
  }
}
