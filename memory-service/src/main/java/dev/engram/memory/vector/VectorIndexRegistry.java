package dev.engram.memory.vector;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The in-memory indexes of this replica, one per named collection (an archive's vector and keyword indexes,
 * later the recall index). A collection is loaded on first use by its loader (from PostgreSQL, the source of truth); changes
 * that arrive while it loads are applied right after, so none is lost between the load's snapshot and now.
 */
@ApplicationScoped
public class VectorIndexRegistry {
  private final Map<String, CompletableFuture<Object>> collections = new ConcurrentHashMap<>();

  /** The collection {@code name}, loaded by {@code loader} on first use (one load at a time per name). */
  @SuppressWarnings("unchecked")
  public <T> T get(String name, Supplier<T> loader) {
    CompletableFuture<Object> mine = new CompletableFuture<>();
    CompletableFuture<Object> existing = collections.putIfAbsent(name, mine);
    if (existing == null) {
      try {
        mine.complete(loader.get());
      } catch (RuntimeException | Error e) {
        collections.remove(name, mine);
        mine.completeExceptionally(e);
        throw e;
      }
      return (T) mine.join();
    }
    try {
      return (T) existing.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while loading vector collection " + name, e);
    } catch (ExecutionException e) {
      // The loader failed for the first caller; let this one try again.
      collections.remove(name, existing);
      return get(name, loader);
    }
  }

  /**
   * Applies {@code change} to the collection if this replica holds it (now, or right after it finishes
   * loading); a collection not held is loaded later with the change already in PostgreSQL.
   */
  @SuppressWarnings("unchecked")
  public <T> void ifPresent(String name, Consumer<T> change) {
    CompletableFuture<Object> f = collections.get(name);
    if (f != null) {
      f.thenAccept(index -> change.accept((T) index));
    }
  }

  /** The collection {@code name} if it is loaded now (never waits, never loads). */
  @SuppressWarnings("unchecked")
  public <T> Optional<T> loaded(String name) {
    CompletableFuture<Object> f = collections.get(name);
    return f != null && f.isDone() && !f.isCompletedExceptionally() ? Optional.of((T) f.join()) : Optional.empty();
  }

  /** Forgets a collection (deleted, or to be rebuilt from PostgreSQL on next use). */
  public void drop(String name) {
    collections.remove(name);
  }

  /** Forgets every collection, as a restart would. */
  public void clear() {
    collections.clear();
  }
}
