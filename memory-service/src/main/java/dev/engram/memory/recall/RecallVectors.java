package dev.engram.memory.recall;

import dev.engram.memory.MemoryServiceConfig;
import dev.engram.memory.embedding.Vectors;
import dev.engram.memory.recall.RecallRepository.StoredVector;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;

/**
 * The vector half of recall search: an exact cosine scan over an agent's message embeddings, kept in
 * memory per agent as float16 (half the bytes of float32 at the same scan speed, ranks within about 1e-3
 * of exact; {@link RecallService} re-scores the candidates in float32). PostgreSQL stays the source of
 * truth: an agent's vectors are loaded on its first search and kept current by {@link #added} as the
 * embedding worker stores new ones; least recently searched agents are dropped beyond the configured size.
 * A single cache of one service instance: another instance's new vectors reach it when the agent is reloaded.
 */
@ApplicationScoped
public class RecallVectors {
  private static final int CHUNK = 1024;
  private static final byte USER = 0;
  private static final byte ASSISTANT = 1;
  private static final byte OTHER = 2;

  /** A message id and its approximate cosine similarity to the query. */
  public record Candidate(String messageId, float score) {
  }

  private final RecallRepository repository;
  private final int capacity;
  private final ConcurrentHashMap<String, AgentVectors> agents = new ConcurrentHashMap<>();

  RecallVectors(RecallRepository repository, MemoryServiceConfig config) {
    this.repository = repository;
    this.capacity = config.recall().vectorCacheSize();
  }

  /** The {@code k} messages most similar to {@code query} among those passing the query's filters, best first. */
  public List<Candidate> nearest(RecallQuery q, float[] query, int k) {
    AgentVectors vectors = agents.computeIfAbsent(q.agentId(), a -> new AgentVectors());
    vectors.lastUsed = System.nanoTime();
    if (!vectors.load(q.agentId()) || vectors.overflowed) {
      // More vectors than the whole cache holds: score them as they stream by instead.
      agents.remove(q.agentId(), vectors);
      TopK top = new TopK(k);
      List<String> ids = new ArrayList<>();
      repository.streamVectors(q.agentId(), v -> {
        if (q.admits(v.role(), v.createdAt())) {
          ids.add(v.messageId());
          top.offer(ids.size() - 1, Vectors.dot(v.vector(), query));
        }
      });
      return top.candidates(ids::get);
    }
    evictBeyondCapacity(q.agentId());
    return vectors.scan(q, query, k);
  }

  /** New embeddings stored for the agent; ignored unless its vectors are in memory. */
  public void added(String agentId, List<StoredVector> stored) {
    AgentVectors vectors = agents.get(agentId);
    if (vectors != null) {
      vectors.append(stored);
    }
  }

  /** Vectors held in memory for the agent (0 when not loaded). */
  public int cached(String agentId) {
    AgentVectors vectors = agents.get(agentId);
    return vectors == null ? 0 : vectors.size;
  }

  private void evictBeyondCapacity(String keep) {
    long total = agents.values().stream().mapToLong(v -> v.size).sum();
    while (total > capacity) {
      var oldest = agents.entrySet().stream().filter(e -> !e.getKey().equals(keep))
          .min((a, b) -> Long.compare(a.getValue().lastUsed, b.getValue().lastUsed));
      if (oldest.isEmpty() || !agents.remove(oldest.get().getKey(), oldest.get().getValue())) {
        return;
      }
      total -= oldest.get().getValue().size;
    }
  }

  private static byte roleCode(String role) {
    return switch (role) {
      case "user" -> USER;
      case "assistant" -> ASSISTANT;
      default -> OTHER;
    };
  }

  /** Fixed-size storage of 1024 vectors; written only below the owner's published size. */
  private static final class Chunk {
    final String[] ids = new String[CHUNK];
    final byte[] roles = new byte[CHUNK];
    final long[] micros = new long[CHUNK];
    final short[] halves;

    Chunk(int dim) {
      halves = new short[CHUNK * dim];
    }
  }

  /**
   * One agent's vectors. Writers (load, append) hold the monitor; the scan reads without locking: it reads
   * {@code size} first, and everything below it was written before size was published.
   */
  private final class AgentVectors {
    volatile long lastUsed;
    /** Set when new vectors no longer fit: the next search drops this copy and streams from PostgreSQL. */
    volatile boolean overflowed;
    private volatile Chunk[] chunks = new Chunk[0];
    private volatile int size;
    private int dim;
    private boolean loaded;
    private final Set<String> ids = new HashSet<>();

    synchronized boolean load(String agentId) {
      if (loaded) {
        return true;
      }
      try {
        repository.streamVectors(agentId, this::add);
      } catch (RuntimeException e) {
        if (!causedByTooMany(e)) {
          throw e;
        }
        return false;
      }
      loaded = true;
      return true;
    }

    synchronized void append(List<StoredVector> stored) {
      try {
        stored.forEach(this::add);
      } catch (TooMany e) {
        overflowed = true;
      }
    }

    private void add(StoredVector v) {
      if (dim == 0) {
        dim = v.vector().length;
      }
      if (v.vector().length != dim || !ids.add(v.messageId())) {
        return;
      }
      int i = size;
      if (i >= capacity) {
        throw new TooMany();
      }
      int c = i / CHUNK;
      Chunk[] current = chunks;
      if (c == current.length) {
        current = Arrays.copyOf(current, c + 1);
        current[c] = new Chunk(dim);
        chunks = current;
      }
      Chunk chunk = current[c];
      int o = i % CHUNK;
      chunk.ids[o] = v.messageId();
      chunk.roles[o] = roleCode(v.role());
      chunk.micros[o] = micros(v.createdAt());
      float[] f = v.vector();
      int base = o * dim;
      for (int d = 0; d < dim; d++) {
        chunk.halves[base + d] = Float.floatToFloat16(f[d]);
      }
      size = i + 1;
    }

    List<Candidate> scan(RecallQuery q, float[] query, int k) {
      int n = size;
      Chunk[] current = chunks;
      if (n == 0 || query.length != dim) {
        return List.of();
      }
      int roleMask = roleMask(q.roles());
      long from = q.start() == null ? Long.MIN_VALUE : micros(q.start());
      long to = q.end() == null ? Long.MAX_VALUE : micros(q.end());
      TopK top = new TopK(k);
      for (int i = 0; i < n; i++) {
        Chunk chunk = current[i / CHUNK];
        int o = i % CHUNK;
        long t = chunk.micros[o];
        if ((roleMask & (1 << chunk.roles[o])) == 0 || t < from || t > to) {
          continue;
        }
        top.offer(i, dotHalf(chunk.halves, o * dim, query));
      }
      return top.candidates(i -> current[i / CHUNK].ids[i % CHUNK]);
    }
  }

  private static int roleMask(List<String> roles) {
    if (roles == null || roles.isEmpty()) {
      return 0b111;
    }
    int mask = 0;
    for (String role : roles) {
      mask |= 1 << roleCode(role);
    }
    return mask;
  }

  private static long micros(Instant t) {
    return t.getEpochSecond() * 1_000_000 + t.getNano() / 1_000;
  }

  // Four accumulators let the JIT pipeline the multiply-adds; float16 loads convert in one instruction (F16C).
  private static float dotHalf(short[] halves, int base, float[] q) {
    float s0 = 0;
    float s1 = 0;
    float s2 = 0;
    float s3 = 0;
    int d = 0;
    for (; d + 3 < q.length; d += 4) {
      s0 += Float.float16ToFloat(halves[base + d]) * q[d];
      s1 += Float.float16ToFloat(halves[base + d + 1]) * q[d + 1];
      s2 += Float.float16ToFloat(halves[base + d + 2]) * q[d + 2];
      s3 += Float.float16ToFloat(halves[base + d + 3]) * q[d + 3];
    }
    for (; d < q.length; d++) {
      s0 += Float.float16ToFloat(halves[base + d]) * q[d];
    }
    return s0 + s1 + s2 + s3;
  }

  private static boolean causedByTooMany(Throwable e) {
    // The transaction around the stream may wrap what the sink threw.
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof TooMany) {
        return true;
      }
    }
    return false;
  }

  /** Thrown while loading when an agent has more vectors than the cache holds. */
  private static final class TooMany extends RuntimeException {
    TooMany() {
      super(null, null, false, false);
    }
  }

  /** The best k (index, score) pairs seen: a min-heap on score, so each offer is O(log k). */
  private static final class TopK {
    private final int k;
    private final int[] index;
    private final float[] score;
    private int n;

    TopK(int k) {
      this.k = Math.max(1, k);
      this.index = new int[this.k];
      this.score = new float[this.k];
    }

    void offer(int i, float s) {
      if (n < k) {
        index[n] = i;
        score[n] = s;
        up(n++);
      } else if (s > score[0]) {
        index[0] = i;
        score[0] = s;
        down(0);
      }
    }

    List<Candidate> candidates(IntFunction<String> idOf) {
      List<Candidate> out = new ArrayList<>(n);
      for (int j = 0; j < n; j++) {
        out.add(new Candidate(idOf.apply(index[j]), score[j]));
      }
      out.sort((a, b) -> Float.compare(b.score(), a.score()));
      return out;
    }

    private void up(int j) {
      while (j > 0) {
        int p = (j - 1) / 2;
        if (score[p] <= score[j]) {
          return;
        }
        swap(p, j);
        j = p;
      }
    }

    private void down(int j) {
      while (true) {
        int l = 2 * j + 1;
        int r = l + 1;
        int m = j;
        if (l < n && score[l] < score[m]) {
          m = l;
        }
        if (r < n && score[r] < score[m]) {
          m = r;
        }
        if (m == j) {
          return;
        }
        swap(m, j);
        j = m;
      }
    }

    private void swap(int a, int b) {
      int ti = index[a];
      index[a] = index[b];
      index[b] = ti;
      float ts = score[a];
      score[a] = score[b];
      score[b] = ts;
    }
  }
}
