package dev.engram.agentapi.stream;

import dev.engram.agentapi.AgentApiConfig;
import dev.engram.agentapi.run.RunRecord;
import dev.engram.agentapi.run.RunRepository;
import dev.engram.contracts.events.MessageChunk;
import dev.engram.contracts.events.RunCompleted;
import dev.engram.contracts.events.RunEvent;
import dev.engram.contracts.events.RunFailed;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The streams open on this instance, by run (ADR 0008). Streams hold no thread: they are woken by run events
 * (this instance's broadcast consumer and its read-model consumer), read the log on short-lived virtual threads
 * (at most {@value #MAX_CONCURRENT_READS} database reads at once), and share one timer for keepalive pings and
 * safety reads. It also purges stream logs past their retention.
 */
@ApplicationScoped
public class StreamHub {
  private static final Logger LOG = Logger.getLogger(StreamHub.class);
  static final int MAX_CONCURRENT_READS = 16;

  private final ConcurrentHashMap<String, Set<RunStream>> open = new ConcurrentHashMap<>();
  /** When each run with open streams was last checked in the database (nanoTime), for the safety check. */
  private final ConcurrentHashMap<String, Long> checked = new ConcurrentHashMap<>();
  private final ChunkStore chunks;
  private final RunRepository runs;
  private final AgentApiConfig config;
  private final Semaphore reads = new Semaphore(MAX_CONCURRENT_READS);
  private final ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "engram-stream-timer");
    t.setDaemon(true);
    return t;
  });

  StreamHub(ChunkStore chunks, RunRepository runs, AgentApiConfig config, MeterRegistry meters) {
    this.chunks = chunks;
    this.runs = runs;
    this.config = config;
    meters.gaugeMapSize("engram.agent_api.streams.runs", List.of(), open);
  }

  void start(@Observes StartupEvent ignored) {
    long tick = Math.max(50, Math.min(1000, config.streamKeepalive().toMillis() / 4));
    timer.scheduleAtFixedRate(this::tick, tick, tick, TimeUnit.MILLISECONDS);
    long purge = config.streamPurgeInterval().toMillis();
    timer.scheduleAtFixedRate(this::purge, purge, purge, TimeUnit.MILLISECONDS);
  }

  void stop(@Observes ShutdownEvent ignored) {
    timer.shutdownNow();
    readers.shutdownNow();
  }

  /** A stream of the run's log as {@code spec} describes it; it starts when subscribed and stops on cancel. */
  public Multi<SseFrame> open(StreamSpec spec) {
    return Multi.createFrom().<SseFrame>emitter(emitter -> {
      RunStream stream = new RunStream(this, spec, emitter);
      emitter.onTermination(stream::close);
      open.computeIfAbsent(spec.runId(), id -> ConcurrentHashMap.newKeySet()).add(stream);
      stream.start();
    }, BackPressureStrategy.BUFFER);
  }

  /** Number of streams open on this instance. */
  public int openStreams() {
    return open.values().stream().mapToInt(Set::size).sum();
  }

  /** Whether no stream is open (lets the broadcast consumer skip parsing). */
  public boolean isEmpty() {
    return open.isEmpty();
  }

  /** A run event reached this instance's broadcast consumer: wake the run's streams (never blocks). */
  public void onEvent(RunEvent event) {
    Set<RunStream> streams = open.get(event.runId());
    if (streams == null) {
      return;
    }
    switch (event) {
      case MessageChunk chunk -> streams.forEach(s -> s.onLive(chunk));
      case RunCompleted ignored -> streams.forEach(RunStream::onEnd);
      case RunFailed ignored -> streams.forEach(RunStream::onEnd);
      default -> {
      }
    }
  }

  /** The read-model consumer of this instance committed a row of the run's log. */
  public void onStored(String runId) {
    Set<RunStream> streams = open.get(runId);
    if (streams != null) {
      streams.forEach(RunStream::onStored);
    }
  }

  void unregister(RunStream stream) {
    open.computeIfPresent(stream.runId(), (id, set) -> {
      set.remove(stream);
      return set.isEmpty() ? null : set;
    });
  }

  long keepaliveNanos() {
    return config.streamKeepalive().toNanos();
  }

  void execute(Runnable task) {
    readers.execute(task);
  }

  void schedule(Runnable task, Duration delay) {
    timer.schedule(task, Math.max(1, delay.toMillis()), TimeUnit.MILLISECONDS);
  }

  List<StoredChunk> read(String runId, long afterSeq, int limit) {
    reads.acquireUninterruptibly();
    try {
      return chunks.after(runId, afterSeq, limit);
    } finally {
      reads.release();
    }
  }

  /**
   * The end of a run that ended without its end marker reaching the log within the grace period (it ended
   * before this version, or without a terminal run event); empty while the marker may still come.
   */
  Optional<EndOfRun> endFromRunRecord(String runId) {
    reads.acquireUninterruptibly();
    try {
      Optional<RunRecord> run = runs.find(runId);
      if (run.isEmpty()) {
        return Optional.of(new EndOfRun(dev.engram.contracts.StopReason.ERROR,
            dev.engram.contracts.api.UsageStatistics.ZERO, "internal_error",
            "Run " + runId + " no longer exists (its agent was deleted)", true));
      }
      RunRecord r = run.get();
      if (!r.status().terminal() || r.completedAt() == null
          || r.completedAt().plus(config.streamEndGrace()).isAfter(Instant.now())) {
        return Optional.empty();
      }
      if (chunks.hasEnd(runId)) {
        return Optional.empty();
      }
      return Optional.of(EndOfRun.of(r.outcome()));
    } finally {
      reads.release();
    }
  }

  void readFailed(RunStream stream, RuntimeException e) {
    LOG.warnf(e, "Reading the stream log of run %s failed; retrying", stream.runId());
    schedule(stream::onStored, Duration.ofSeconds(1));
  }

  private void tick() {
    try {
      long now = System.nanoTime();
      open.forEach((runId, set) -> {
        set.forEach(s -> s.tick(now));
        long last = checked.computeIfAbsent(runId, id -> now);
        if (now - last >= keepaliveNanos()) {
          checked.put(runId, now);
          execute(() -> check(runId));
        }
      });
      checked.keySet().retainAll(open.keySet());
    } catch (RuntimeException e) {
      LOG.warn("Stream keepalive tick failed", e);
    }
  }

  /**
   * The safety net of a lost wake-up, once per run (not per stream) every keepalive interval: one query for the
   * run's last seq_id and end marker, then only the streams behind it read; a run that ended without its end
   * marker is ended from its record.
   */
  private void check(String runId) {
    try {
      ChunkStore.Tail tail;
      reads.acquireUninterruptibly();
      try {
        tail = chunks.tail(runId);
      } finally {
        reads.release();
      }
      Set<RunStream> streams = open.get(runId);
      if (streams == null) {
        return;
      }
      streams.forEach(s -> s.onCheck(tail.maxSeq(), tail.ended()));
      if (!tail.ended()) {
        endFromRunRecord(runId).ifPresent(end -> streams.forEach(s -> s.endWithoutMarker(end)));
      }
    } catch (RuntimeException e) {
      LOG.warnf(e, "Checking the stream log of run %s failed", runId);
    }
  }

  private void purge() {
    try {
      int deleted = chunks.purge(Instant.now().minus(config.streamRetention()));
      if (deleted > 0) {
        LOG.infof("Purged %d stream log rows older than %s", deleted, config.streamRetention());
      }
    } catch (RuntimeException e) {
      LOG.warn("Purging old stream logs failed", e);
    }
  }
}
