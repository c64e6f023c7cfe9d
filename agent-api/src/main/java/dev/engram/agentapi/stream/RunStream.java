package dev.engram.agentapi.stream;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.contracts.Json;
import dev.engram.contracts.events.MessageChunk;
import io.smallrye.mutiny.subscription.MultiEmitter;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One client's open stream of one run. Its source of truth is the run's log in PostgreSQL ({@link ChunkStore}),
 * read in seq_id order after the last seq_id sent; wake-ups ({@link #onLive}, {@link #onEnd}) only make it read
 * sooner. A live token delta that is exactly the next seq_id is sent straight from the event (the fast path);
 * anything else (a gap, a whole message, the end) is read from the log, so the switch from replay to live can
 * neither skip nor repeat a chunk: every send happens under this object's lock and only for seq_id = last + 1
 * (live) or seq_id > last (log, in order). The stream ends only at the log's end marker, which the read-model
 * consumer writes after every chunk of the run.
 */
final class RunStream {
  private final StreamHub hub;
  private final StreamSpec spec;
  private final MultiEmitter<? super SseFrame> out;
  private final AtomicInteger pumpRequests = new AtomicInteger();
  private long lastSeq;
  private long wantedSeq;
  private boolean done;
  private volatile boolean endSignalled;
  private volatile long lastSentNanos = System.nanoTime();

  RunStream(StreamHub hub, StreamSpec spec, MultiEmitter<? super SseFrame> out) {
    this.hub = hub;
    this.spec = spec;
    this.out = out;
    this.lastSeq = spec.startingAfter();
  }

  String runId() {
    return spec.runId();
  }

  /** Sends the initial ping (it carries the run id) and starts reading the log. */
  void start() {
    if (spec.pings() && spec.initialPing()) {
      synchronized (this) {
        send(StreamFrames.ping(spec.runId(), spec.background() ? lastSeq : null));
      }
    }
    requestRead();
  }

  /** A chunk of this run reached this instance (it may not be in the log yet). */
  void onLive(MessageChunk chunk) {
    synchronized (this) {
      if (done || chunk.seqId() <= lastSeq) {
        return;
      }
      if (chunk.delta() && chunk.seqId() == lastSeq + 1) {
        ObjectNode message = Json.MAPPER.valueToTree(chunk.message());
        if (wanted(message.path("message_type").asText())) {
          send(StreamFrames.message(spec.runId(), message, spec.background() ? chunk.seqId() : null));
        }
        lastSeq = chunk.seqId();
        return;
      }
      wantedSeq = Math.max(wantedSeq, chunk.seqId());
    }
    requestRead();
  }

  /** The run's terminal event reached this instance: its end marker is (about to be) in the log. */
  void onEnd() {
    endSignalled = true;
    requestRead();
  }

  /** A row of this run was committed to the log on this instance. */
  void onStored() {
    requestRead();
  }

  /** Called by the hub's timer: a keepalive ping after silence. */
  void tick(long now) {
    if (spec.pings() && now - lastSentNanos >= hub.keepaliveNanos()) {
      synchronized (this) {
        if (!done) {
          send(StreamFrames.ping(spec.runId(), spec.background() ? lastSeq : null));
        }
      }
    }
  }

  /** The hub's periodic check of the run's log found rows after {@code maxSeq} or an end: read them. */
  void onCheck(long maxSeq, boolean ended) {
    boolean behind;
    synchronized (this) {
      behind = !done && (lastSeq < maxSeq || ended);
    }
    if (behind) {
      requestRead();
    }
  }

  /** The run ended without an end marker in its log (see {@link StreamHub#endFromRunRecord}). */
  void endWithoutMarker(EndOfRun end) {
    synchronized (this) {
      if (!done) {
        finish(end);
      }
    }
  }

  /** The client went away (or the stream ended): stop. The run itself is not affected. */
  void close() {
    synchronized (this) {
      done = true;
    }
    hub.unregister(this);
  }

  /** Reads the log on one of the hub's virtual threads; requests made while a read runs coalesce into one more. */
  private void requestRead() {
    if (pumpRequests.getAndIncrement() == 0) {
      hub.execute(this::drain);
    }
  }

  private void drain() {
    int missed = 1;
    do {
      try {
        readOnce();
      } catch (RuntimeException e) {
        hub.readFailed(this, e);
      }
      missed = pumpRequests.addAndGet(-missed);
    } while (missed != 0);
  }

  private void readOnce() {
    long from;
    synchronized (this) {
      if (done) {
        return;
      }
      from = lastSeq;
    }
    while (true) {
      List<StoredChunk> rows = hub.read(spec.runId(), from, spec.batchSize());
      synchronized (this) {
        for (StoredChunk row : rows) {
          if (done) {
            return;
          }
          if (row.seqId() <= lastSeq) {
            continue;
          }
          if (row.end()) {
            finish(Json.read(row.payload(), EndOfRun.class));
            return;
          }
          sendRow(row);
          lastSeq = row.seqId();
        }
        from = lastSeq;
      }
      if (rows.size() < spec.batchSize()) {
        break;
      }
    }
    boolean behind;
    synchronized (this) {
      behind = lastSeq < wantedSeq;
    }
    if (endSignalled || behind) {
      // A wake-up ran ahead of this instance's view of the log (another instance's consumer writes it): look again.
      hub.schedule(this::requestRead, spec.retryDelay());
    }
    if (endSignalled) {
      hub.endFromRunRecord(spec.runId()).ifPresent(this::endWithoutMarker);
    }
  }

  private void sendRow(StoredChunk row) {
    if (!row.delta() && row.afterDeltas()) {
      return; // its token deltas were sent (to this client or before its starting_after)
    }
    if (wanted(row.messageType())) {
      send(StreamFrames.message(spec.runId(), row.payload(), spec.background() ? row.seqId() : null));
    }
  }

  private boolean wanted(String messageType) {
    return spec.messageTypes() == null || spec.messageTypes().contains(messageType);
  }

  /** Sends the closing frames and completes the response. Caller holds the lock. */
  void finish(EndOfRun end) {
    for (SseFrame frame : StreamFrames.end(spec.runId(), end)) {
      send(frame);
    }
    done = true;
    out.complete();
  }

  private void send(SseFrame frame) {
    lastSentNanos = System.nanoTime();
    out.emit(frame);
  }
}
