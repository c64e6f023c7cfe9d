package dev.engram.memory.vector;

import io.github.jbellis.jvector.graph.GraphIndexBuilder;
import io.github.jbellis.jvector.graph.GraphSearcher;
import io.github.jbellis.jvector.graph.RandomAccessVectorValues;
import io.github.jbellis.jvector.graph.SearchResult;
import io.github.jbellis.jvector.util.Bits;
import io.github.jbellis.jvector.vector.VectorSimilarityFunction;
import io.github.jbellis.jvector.vector.VectorUtil;
import io.github.jbellis.jvector.vector.VectorizationProvider;
import io.github.jbellis.jvector.vector.types.VectorFloat;
import io.github.jbellis.jvector.vector.types.VectorTypeSupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Predicate;
import java.util.stream.IntStream;

/**
 * An in-memory nearest-neighbour index of unit vectors keyed by string ids, each carrying metadata {@code M}
 * that search filters test. Small collections are scanned exactly; once a collection holds more than
 * {@link VectorIndexSettings#exactThreshold()} live vectors a JVector HNSW graph is built in the background
 * (searches stay exact until it is ready) and kept current on every add. Removed ids are tombstoned: they
 * are filtered out of every result even while the graph still holds their node, and an add of a removed id
 * is ignored, so a delete is never undone by a late or repeated add. Thread-safe.
 */
public final class VectorIndex<M> {
  private static final VectorTypeSupport VTS = VectorizationProvider.getInstance().getVectorTypeSupport();
  /** JVector scores dot products of unit vectors as (1 + cos) / 2. */
  private static final VectorSimilarityFunction SIMILARITY = VectorSimilarityFunction.DOT_PRODUCT;
  private static final float NEIGHBOR_OVERFLOW = 1.2f;
  private static final float ALPHA = 1.2f;
  private static final int MAX_FILTERED_BEAM = 4_000;

  /** How a search was answered. */
  public enum Mode { EXACT, HNSW }

  /** Hits, best first, and how they were found. */
  public record Result<M>(List<VectorHit<M>> hits, Mode mode) {
  }

  /** Sizes for monitoring and tests. */
  public record Stats(int live, int slots, int removed, boolean graphReady, boolean building) {
  }

  private final int dimension;
  private final VectorIndexSettings settings;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final Store store = new Store();
  private final Map<String, Integer> ordinals = new HashMap<>();
  private final Set<String> tombstones = new HashSet<>();
  private String[] ids = new String[64];
  private Object[] metas = new Object[64];
  private volatile boolean[] alive = new boolean[64];
  private int live;
  private int removedSinceGraph;
  private boolean graphDeferred;
  private volatile Graph current;
  private volatile Graph pending;

  /** An empty index of {@code dimension}-dimensional vectors. */
  public VectorIndex(int dimension, VectorIndexSettings settings) {
    if (dimension < 1) {
      throw new IllegalArgumentException("dimension must be positive");
    }
    this.dimension = dimension;
    this.settings = settings;
  }

  /** The dimension every vector must have. */
  public int dimension() {
    return dimension;
  }

  /** Adds one entry; returns false when the id is already present or was removed. */
  public boolean add(String id, float[] vector, M meta) {
    return addAll(List.of(new Entry<>(id, vector, meta))) == 1;
  }

  /** An entry to add. */
  public record Entry<M>(String id, float[] vector, M meta) {
  }

  /** Adds entries (ids already present or removed are skipped); returns how many were added. */
  public int addAll(List<Entry<M>> entries) {
    int[] added = new int[entries.size()];
    int count = 0;
    List<Graph> targets = new ArrayList<>(2);
    Graph toBuild = null;
    lock.writeLock().lock();
    try {
      for (Entry<M> e : entries) {
        if (e.vector().length != dimension) {
          throw new IllegalArgumentException("vector of " + e.vector().length + " dimensions added to an index of "
              + dimension);
        }
        if (tombstones.contains(e.id()) || ordinals.containsKey(e.id())) {
          continue;
        }
        int ordinal = store.size;
        ensureCapacity(ordinal + 1);
        store.vectors[ordinal] = VTS.createFloatVector(e.vector());
        ids[ordinal] = e.id();
        metas[ordinal] = e.meta();
        alive[ordinal] = true;
        store.size = ordinal + 1;
        ordinals.put(e.id(), ordinal);
        added[count++] = ordinal;
        live++;
      }
      if (current != null) {
        targets.add(current);
      }
      if (pending != null) {
        targets.add(pending);
      }
      if (!graphDeferred && current == null && pending == null && live > settings.exactThreshold()) {
        toBuild = startBuildLocked();
      }
    } finally {
      lock.writeLock().unlock();
    }
    // JVector inserts concurrently with searches; only the slot allocation above needs the lock.
    int[] ordinalsAdded = Arrays.copyOf(added, count);
    for (Graph g : targets) {
      insert(g, ordinalsAdded);
    }
    if (toBuild != null) {
      runBuild(toBuild);
    }
    return count;
  }

  /**
   * While deferred, no graph build starts (a bulk load adds everything first, then builds once, in the
   * background, with searches served exactly meanwhile); ending the deferral starts the build if due.
   */
  public void deferGraph(boolean deferred) {
    Graph toBuild = null;
    lock.writeLock().lock();
    try {
      graphDeferred = deferred;
      if (!deferred && current == null && pending == null && live > settings.exactThreshold()) {
        toBuild = startBuildLocked();
      }
    } finally {
      lock.writeLock().unlock();
    }
    if (toBuild != null) {
      runBuild(toBuild);
    }
  }

  /** Removes an id for good; returns whether it was present. */
  public boolean remove(String id) {
    Graph toBuild = null;
    boolean present;
    lock.writeLock().lock();
    try {
      tombstones.add(id);
      Integer ordinal = ordinals.remove(id);
      present = ordinal != null;
      if (present) {
        alive[ordinal] = false;
        metas[ordinal] = null;
        live--;
        if (current != null) {
          removedSinceGraph++;
          if (pending == null && removedSinceGraph > settings.rebuildDeletedFraction() * Math.max(live, 1)) {
            toBuild = startBuildLocked();
          }
        }
      }
    } finally {
      lock.writeLock().unlock();
    }
    if (toBuild != null) {
      runBuild(toBuild);
    }
    return present;
  }

  /** Whether {@code id} is live in the index. */
  public boolean contains(String id) {
    lock.readLock().lock();
    try {
      return ordinals.containsKey(id);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Number of live entries. */
  public int size() {
    lock.readLock().lock();
    try {
      return live;
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Current sizes. */
  public Stats stats() {
    lock.readLock().lock();
    try {
      Graph g = current;
      return new Stats(live, store.size, tombstones.size(), g != null && g.ready.isDone(), pending != null);
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * The {@code k} live entries most similar to {@code query} that pass {@code filter} (null = all). Uses the
   * graph when one is ready and the collection (or the filtered part of it) is large; a selective filter
   * is answered by an exact scan of the entries that pass it. {@code exact} forces the scan.
   */
  public Result<M> search(float[] query, int k, Predicate<M> filter, boolean exact) {
    if (query.length != dimension) {
      throw new IllegalArgumentException("query of " + query.length + " dimensions against an index of " + dimension);
    }
    if (k < 1) {
      return new Result<>(List.of(), Mode.EXACT);
    }
    VectorFloat<?> q = VTS.createFloatVector(query);
    lock.readLock().lock();
    try {
      int slots = store.size;
      boolean[] liveSlots = alive;
      Graph g = current;
      boolean graphUsable = !exact && g != null && g.ready.isDone() && live > settings.exactThreshold();
      if (filter == null) {
        return graphUsable ? graphSearch(g, q, k, settings.searchBeam(), o -> o < liveSlots.length && liveSlots[o])
            : exactSearch(q, k, IntStream.range(0, slots).filter(o -> liveSlots[o]).toArray());
      }
      int[] matching = matching(slots, liveSlots, filter);
      if (!graphUsable || matching.length <= settings.exactThreshold()) {
        return exactSearch(q, k, matching);
      }
      // A filter that rejects most nodes needs a wider beam to still collect k that pass it.
      double selectivity = (double) matching.length / Math.max(live, 1);
      int beam = (int) Math.min(MAX_FILTERED_BEAM, Math.ceil(settings.searchBeam() / selectivity));
      boolean[] accepted = new boolean[slots];
      for (int o : matching) {
        accepted[o] = true;
      }
      return graphSearch(g, q, k, Math.max(beam, k), o -> o < accepted.length && accepted[o]);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Waits until no graph build is running (for tests, benchmarks and the rebuild endpoint). */
  public void awaitBuilt(Duration timeout) {
    Graph p = pending;
    if (p == null) {
      return;
    }
    try {
      p.ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the vector graph", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("vector graph build did not finish: " + e.getMessage(), e);
    }
  }

  private int[] matching(int slots, boolean[] liveSlots, Predicate<M> filter) {
    int[] out = new int[Math.max(live, 0)];
    int n = 0;
    for (int o = 0; o < slots && n < out.length; o++) {
      if (liveSlots[o] && filter.test(meta(o))) {
        out[n++] = o;
      }
    }
    return Arrays.copyOf(out, n);
  }

  private Result<M> exactSearch(VectorFloat<?> q, int k, int[] candidates) {
    PriorityQueue<float[]> top = new PriorityQueue<>(k + 1, Comparator.comparingDouble(a -> a[0]));
    for (int o : candidates) {
      float score = VectorUtil.dotProduct(q, store.vectors[o]);
      if (top.size() < k) {
        top.add(new float[] {score, o});
      } else if (score > top.peek()[0]) {
        top.poll();
        top.add(new float[] {score, o});
      }
    }
    List<VectorHit<M>> hits = new ArrayList<>(top.size());
    while (!top.isEmpty()) {
      float[] e = top.poll();
      int o = (int) e[1];
      hits.add(new VectorHit<>(ids[o], e[0], meta(o)));
    }
    Collections.reverse(hits);
    return new Result<>(hits, Mode.EXACT);
  }

  private Result<M> graphSearch(Graph g, VectorFloat<?> q, int k, int beam, Bits accept) {
    SearchResult result = GraphSearcher.search(q, k, Math.max(k, beam), store, SIMILARITY,
        g.builder.getGraph(), accept);
    List<VectorHit<M>> hits = new ArrayList<>(result.getNodes().length);
    for (SearchResult.NodeScore n : result.getNodes()) {
      // Exact cosine for the caller (JVector reports (1 + cos) / 2).
      hits.add(new VectorHit<>(ids[n.node], 2 * n.score - 1, meta(n.node)));
    }
    return new Result<>(hits, Mode.HNSW);
  }

  @SuppressWarnings("unchecked")
  private M meta(int ordinal) {
    return (M) metas[ordinal];
  }

  private void ensureCapacity(int needed) {
    if (needed <= ids.length) {
      return;
    }
    int capacity = Math.max(needed, ids.length * 2);
    ids = Arrays.copyOf(ids, capacity);
    metas = Arrays.copyOf(metas, capacity);
    alive = Arrays.copyOf(alive, capacity);
    store.vectors = Arrays.copyOf(store.vectors, capacity);
  }

  /** Needs the write lock: every slot allocated after this goes into the new graph through {@link #addAll}. */
  private Graph startBuildLocked() {
    Graph g = new Graph(new GraphIndexBuilder(store, SIMILARITY, settings.maxDegree(), settings.beamWidth(),
        NEIGHBOR_OVERFLOW, ALPHA, true), store.size);
    pending = g;
    return g;
  }

  private void runBuild(Graph g) {
    Thread.ofPlatform().name("engram-vector-build").daemon().start(() -> {
      try {
        boolean[] liveSlots = alive;
        int[] existing = IntStream.range(0, g.snapshot).filter(o -> o < liveSlots.length && liveSlots[o]).toArray();
        insert(g, existing);
        lock.writeLock().lock();
        try {
          Graph old = current;
          current = g;
          pending = null;
          removedSinceGraph = 0;
          g.ready.complete(null);
          closeQuietly(old);
        } finally {
          lock.writeLock().unlock();
        }
      } catch (RuntimeException | Error e) {
        lock.writeLock().lock();
        try {
          pending = null;
        } finally {
          lock.writeLock().unlock();
        }
        g.ready.completeExceptionally(e);
      }
    });
  }

  private void insert(Graph g, int[] ordinalsToAdd) {
    if (ordinalsToAdd.length == 1) {
      g.builder.addGraphNode(ordinalsToAdd[0], store);
    } else if (ordinalsToAdd.length > 1) {
      Arrays.stream(ordinalsToAdd).parallel().forEach(o -> g.builder.addGraphNode(o, store));
    }
  }

  private static void closeQuietly(Graph g) {
    if (g != null) {
      try {
        g.builder.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** A graph and the number of slots that existed when it was started (the build adds those). */
  private static final class Graph {
    final GraphIndexBuilder builder;
    final int snapshot;
    final CompletableFuture<Void> ready = new CompletableFuture<>();

    Graph(GraphIndexBuilder builder, int snapshot) {
      this.builder = builder;
      this.snapshot = snapshot;
    }
  }

  /** The vectors by slot, as JVector reads them; slots are append-only so readers need no lock. */
  private final class Store implements RandomAccessVectorValues {
    volatile VectorFloat<?>[] vectors = new VectorFloat<?>[64];
    volatile int size;

    @Override
    public int size() {
      return size;
    }

    @Override
    public int dimension() {
      return dimension;
    }

    @Override
    public VectorFloat<?> getVector(int ordinal) {
      return vectors[ordinal];
    }

    @Override
    public boolean isValueShared() {
      return false;
    }

    @Override
    public RandomAccessVectorValues copy() {
      return this;
    }
  }
}
