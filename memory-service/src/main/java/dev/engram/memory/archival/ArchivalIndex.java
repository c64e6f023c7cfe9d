package dev.engram.memory.archival;

import dev.engram.memory.MemoryServiceConfig;
import dev.engram.memory.vector.KeywordIndex;
import dev.engram.memory.vector.VectorIndex;
import dev.engram.memory.vector.VectorIndexRegistry;
import dev.engram.memory.vector.VectorIndexSettings;
import dev.engram.platform.db.AfterCommit;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * This replica's in-memory vector and keyword indexes of every archive it has searched: loaded from
 * PostgreSQL on first use, updated after each local commit (never before: a rolled-back insert must not be
 * found), and brought up to date with other replicas' commits by polling the {@code archive_changes} log
 * (docs/adr/0005).
 */
@ApplicationScoped
public class ArchivalIndex {
  private static final Logger LOG = Logger.getLogger(ArchivalIndex.class);
  private static final int LOAD_CHUNK = 2_000;
  private static final int POLL_LIMIT = 5_000;
  private static final int MAX_GAPS = 10_000;
  /** A sequence number still missing after this long belongs to a rolled-back transaction. */
  private static final long GAP_EXPIRY_MILLIS = 120_000;

  private final ArchivalRepository repository;
  private final VectorIndexRegistry registry;
  private final TransactionSynchronizationRegistry transactions;
  private final MemoryServiceConfig.Archival config;
  private final VectorIndexSettings settings;
  /** Names this replica in the change log, so it skips re-reading the vectors it wrote itself. */
  private final String origin = "memory-service-" + UUID.randomUUID();
  private final AtomicBoolean running = new AtomicBoolean();
  private final TreeMap<Long, Long> gaps = new TreeMap<>();
  private volatile long lastSeq = -1;
  private Thread poller;

  ArchivalIndex(ArchivalRepository repository, VectorIndexRegistry registry,
      TransactionSynchronizationRegistry transactions, MemoryServiceConfig config) {
    this.repository = repository;
    this.registry = registry;
    this.transactions = transactions;
    this.config = config.archival();
    this.settings = new VectorIndexSettings(this.config.exactThreshold(), this.config.graphDegree(),
        this.config.buildBeam(), this.config.searchBeam(), this.config.rebuildDeletedFraction());
  }

  void start(@Observes StartupEvent event) {
    lastSeq = QuarkusTransaction.requiringNew().call(repository::maxChangeSeq);
    running.set(true);
    poller = Thread.ofVirtual().name("engram-archival-changes").start(this::pollLoop);
  }

  void stop(@Observes ShutdownEvent event) {
    running.set(false);
    if (poller != null) {
      poller.interrupt();
    }
  }

  /** The replica id written into the change log. */
  public String origin() {
    return origin;
  }

  /**
   * An archive's two indexes, loaded, updated and dropped together, and the archive as it was at load time
   * (its id and embedding config never change; name and description may have since).
   */
  public record Indexes(ArchiveEntity archive, VectorIndex<PassageMeta> vectors,
      KeywordIndex<PassageMeta> keywords) {

    void addAll(List<PassageEntity> passages) {
      List<VectorIndex.Entry<PassageMeta>> v = new ArrayList<>(passages.size());
      List<KeywordIndex.Entry<PassageMeta>> k = new ArrayList<>(passages.size());
      for (PassageEntity p : passages) {
        PassageMeta meta = PassageMeta.of(p);
        v.add(new VectorIndex.Entry<>(p.id(), p.embedding(), meta));
        k.add(new KeywordIndex.Entry<>(p.id(), p.text(), meta));
      }
      vectors.addAll(v);
      keywords.addAll(k);
    }

    void remove(String passageId) {
      vectors.remove(passageId);
      keywords.remove(passageId);
    }
  }

  /** The archive's vector index, loaded from PostgreSQL if this replica does not hold it yet. */
  public VectorIndex<PassageMeta> index(ArchiveEntity archive) {
    return indexes(archive).vectors();
  }

  /** The archive's vector and keyword indexes, loaded from PostgreSQL if this replica does not hold them yet. */
  public Indexes indexes(ArchiveEntity archive) {
    return registry.get(name(archive.id()), () -> load(archive));
  }

  /**
   * The archive {@code id} if this replica holds its indexes, without asking PostgreSQL: a deleted archive's
   * indexes are dropped at commit here, within a poll interval on other replicas. Name and description may be
   * stale; id and embedding config are not.
   */
  public Optional<ArchiveEntity> heldArchive(String archiveId) {
    return registry.<Indexes>loaded(name(archiveId)).map(Indexes::archive);
  }

  /** After the current transaction commits, adds the passages to their archive's indexes (if held). */
  public void addAfterCommit(String archiveId, List<PassageEntity> passages) {
    List<PassageEntity> copy = List.copyOf(passages);
    afterCommit(() -> registry.<Indexes>ifPresent(name(archiveId), indexes -> indexes.addAll(copy)));
  }

  /** After the current transaction commits, removes the passage from its archive's indexes (if held). */
  public void removeAfterCommit(String archiveId, String passageId) {
    afterCommit(() -> registry.<Indexes>ifPresent(name(archiveId), indexes -> indexes.remove(passageId)));
  }

  /** After the current transaction commits, forgets the archive's index. */
  public void dropAfterCommit(String archiveId) {
    afterCommit(() -> registry.drop(name(archiveId)));
  }

  /** Forgets every index, as a restart would; each is reloaded from PostgreSQL on next use. */
  public void forgetAll() {
    registry.clear();
  }

  /** Forgets one archive's index. */
  public void forget(String archiveId) {
    registry.drop(name(archiveId));
  }

  /** Reads the change log once now (the poller does this every {@code change-poll-interval}). */
  public synchronized int catchUp() {
    if (lastSeq < 0) {
      return 0;
    }
    long now = System.currentTimeMillis();
    gaps.values().removeIf(firstSeen -> now - firstSeen > GAP_EXPIRY_MILLIS);
    long[] open = gaps.keySet().stream().mapToLong(Long::longValue).toArray();
    List<ArchivalRepository.Change> changes = QuarkusTransaction.requiringNew()
        .call(() -> repository.changes(lastSeq, open, origin, POLL_LIMIT));
    for (ArchivalRepository.Change c : changes) {
      if (gaps.remove(c.seq()) == null && c.seq() > lastSeq) {
        // Sequence numbers are taken at insert time, not commit time: one skipped here may still commit.
        for (long missing = lastSeq + 1; missing < c.seq() && gaps.size() < MAX_GAPS; missing++) {
          gaps.put(missing, now);
        }
        lastSeq = c.seq();
      }
      apply(c);
    }
    return changes.size();
  }

  private void apply(ArchivalRepository.Change c) {
    switch (c.op()) {
      case 'I' -> {
        if (c.passage() != null) {
          registry.<Indexes>ifPresent(name(c.archiveId()), indexes -> indexes.addAll(List.of(c.passage())));
        }
      }
      case 'D' -> registry.<Indexes>ifPresent(name(c.archiveId()), indexes -> indexes.remove(c.passageId()));
      case 'X' -> registry.drop(name(c.archiveId()));
      default -> LOG.warnf("Unknown archive change op '%s' at seq %d", c.op(), c.seq());
    }
  }

  private void pollLoop() {
    long polls = 0;
    while (running.get()) {
      try {
        Thread.sleep(config.changePollInterval());
        while (catchUp() == POLL_LIMIT) {
          // A backlog: keep reading until it is worked off.
        }
        if (++polls % 600 == 0) {
          QuarkusTransaction.requiringNew().run(() ->
              repository.pruneChanges(Instant.now().minus(config.changeRetention())));
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        if (running.get()) {
          LOG.warnf("Reading the archive change log failed (retrying): %s", e.getMessage());
        }
      }
    }
  }

  private Indexes load(ArchiveEntity archive) {
    long start = System.nanoTime();
    Indexes indexes = new Indexes(archive, new VectorIndex<>(archive.embeddingConfig().embeddingDim(), settings),
        new KeywordIndex<>());
    indexes.vectors().deferGraph(true);
    QuarkusTransaction.joiningExisting().run(() -> repository.forEachPassage(archive.id(), LOAD_CHUNK,
        indexes::addAll));
    indexes.vectors().deferGraph(false);
    LOG.infof("Loaded %d passages of archive %s in %d ms", indexes.vectors().size(), archive.id(),
        (System.nanoTime() - start) / 1_000_000);
    return indexes;
  }

  private void afterCommit(Runnable action) {
    AfterCommit.run(transactions, action);
  }

  private static String name(String archiveId) {
    return "archive:" + archiveId;
  }
}
