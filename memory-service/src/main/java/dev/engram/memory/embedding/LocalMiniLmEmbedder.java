package dev.engram.memory.embedding;

import dev.engram.contracts.api.EmbeddingConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * all-MiniLM-L6-v2 run in-process by ONNX Runtime. Concurrent callers are coalesced: one worker thread
 * drains every pending text (up to {@code maxBatch}) into a single model call, so many small inserts
 * cost about what one batch does, and the model never runs on a caller's (or an event-loop) thread.
 */
public final class LocalMiniLmEmbedder implements Embedder, AutoCloseable {
  /** The handle Engram gives its built-in model. */
  public static final String HANDLE = "local/all-minilm-l6-v2";
  public static final EmbeddingConfig CONFIG =
      new EmbeddingConfig("local", null, "all-MiniLM-L6-v2", 384, 300, HANDLE, 32);

  private static final Logger LOG = Logger.getLogger(LocalMiniLmEmbedder.class);

  private record Pending(List<String> texts, CompletableFuture<List<float[]>> result) {
  }

  private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final int maxBatch;
  private final Thread worker;
  private volatile SingleThreadMiniLm model;

  public LocalMiniLmEmbedder(int maxBatch) {
    this.maxBatch = Math.max(1, maxBatch);
    this.worker = Thread.ofPlatform().name("engram-embedder").daemon().start(this::work);
  }

  @Override
  public EmbeddingConfig config() {
    return CONFIG;
  }

  @Override
  public List<float[]> embed(List<String> texts) {
    if (texts.isEmpty()) {
      return List.of();
    }
    if (closed.get()) {
      throw new IllegalStateException("The embedding model is shut down");
    }
    Pending pending = new Pending(List.copyOf(texts), new CompletableFuture<>());
    queue.add(pending);
    try {
      return pending.result().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for embeddings", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("Embedding failed: " + e.getCause().getMessage(), e.getCause());
    }
  }

  /** Loads the model now rather than on the first call (about 2 s on two cores). */
  public void warmUp() {
    embed("warm-up");
  }

  private void work() {
    while (!closed.get()) {
      List<Pending> batch = new ArrayList<>();
      try {
        batch.add(queue.take());
      } catch (InterruptedException e) {
        return;
      }
      int texts = batch.get(0).texts().size();
      Pending next;
      while (texts < maxBatch && (next = queue.poll()) != null) {
        batch.add(next);
        texts += next.texts().size();
      }
      run(batch);
    }
  }

  private void run(List<Pending> batch) {
    try {
      List<String> texts = new ArrayList<>();
      batch.forEach(p -> texts.addAll(p.texts()));
      List<float[]> vectors = model().embedBatch(texts, maxBatch);
      int i = 0;
      for (Pending p : batch) {
        List<float[]> out = new ArrayList<>(p.texts().size());
        for (int k = 0; k < p.texts().size(); k++) {
          out.add(vectors.get(i++));
        }
        p.result().complete(out);
      }
    } catch (RuntimeException | Error e) {
      LOG.errorf(e, "Embedding a batch of %d requests failed", batch.size());
      batch.forEach(p -> p.result().completeExceptionally(e));
    }
  }

  private SingleThreadMiniLm model() {
    if (model == null) {
      long start = System.nanoTime();
      model = new SingleThreadMiniLm();
      LOG.infof("Loaded all-MiniLM-L6-v2 in %d ms", (System.nanoTime() - start) / 1_000_000);
    }
    return model;
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      worker.interrupt();
      Pending p;
      while ((p = queue.poll()) != null) {
        p.result().completeExceptionally(new IllegalStateException("The embedding model is shut down"));
      }
    }
  }
}
