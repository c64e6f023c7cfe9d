package dev.engram.memory.archival;

import dev.engram.contracts.api.EmbeddingConfig;
import dev.engram.memory.MemoryServiceConfig;
import dev.engram.memory.embedding.Embedder;
import dev.engram.memory.vector.KeywordIndex;
import dev.engram.memory.vector.VectorHit;
import dev.engram.memory.vector.VectorIndex;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Hybrid archival search: the vector ranking from this replica's in-memory vector index fused with the BM25
 * ranking of its in-memory keyword index by reciprocal rank fusion (k = 60), so a paraphrase wins where no
 * word matches. Words with digits in the query (order numbers, flight numbers, codes) add a third ranking of
 * the passages that contain them exactly: an embedding barely tells ORD-77812 from ORD-77821, and plain BM25
 * treats such a code like any rare word, so without it a near-miss with a better vector rank would win.
 * The indexes hold the passages' rows too, so a search with query text does not touch PostgreSQL.
 */
@ApplicationScoped
public class ArchivalSearch {
  /** Letta's (and the RRF paper's) rank constant. */
  static final int RRF_K = 60;
  /** A word with at least one digit, e.g. {@code ORD-77812}, {@code LH2231}, {@code 2019}. */
  private static final java.util.regex.Pattern IDENTIFIER =
      java.util.regex.Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}_#./-]*");

  /** Which rankings to use; {@code HYBRID} is what every public endpoint does. */
  public enum Mode { HYBRID, VECTOR, KEYWORD }

  /** A search over {@code archives}; null filters are absent; blank {@code text} lists the newest matches. */
  public record Query(List<ArchiveEntity> archives, String text, List<String> tags, boolean matchAll,
      Instant start, Instant end, int limit, Mode mode) {
  }

  /** One result: the passage, its archive's embedding model, the fused score and the ranks behind it (1-based). */
  public record Hit(PassageEntity passage, EmbeddingConfig embeddingConfig, double score, Integer vectorRank,
      Integer ftsRank, Integer exactRank, Float similarity, String searchMode) {

    /**
     * Letta's relevance block ({@code rrf_score, vector_rank, fts_rank, search_mode}) plus Engram's
     * {@code exact_rank}, nulls left out.
     */
    public Map<String, Object> relevance() {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("rrf_score", score);
      if (vectorRank != null) {
        r.put("vector_rank", vectorRank);
      }
      if (ftsRank != null) {
        r.put("fts_rank", ftsRank);
      }
      if (exactRank != null) {
        r.put("exact_rank", exactRank);
      }
      r.put("search_mode", searchMode);
      return r;
    }
  }

  private final ArchivalRepository repository;
  private final ArchivalIndex index;
  private final ArchivalService archives;
  private final MemoryServiceConfig.Archival config;

  ArchivalSearch(ArchivalRepository repository, ArchivalIndex index, ArchivalService archives,
      MemoryServiceConfig config) {
    this.repository = repository;
    this.index = index;
    this.archives = archives;
    this.config = config.archival();
  }

  /** Server-side time of a search's phases (ns), filled by {@link #search(Query, Profile)}. */
  public static final class Profile {
    long embed;
    long vector;
    long keyword;
    long fuse;

    /** The phases in microseconds. */
    public Map<String, Object> micros() {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("embed", embed / 1_000);
      out.put("vector", vector / 1_000);
      out.put("keyword", keyword / 1_000);
      out.put("fuse", fuse / 1_000);
      return out;
    }
  }

  /** Runs the search; results best first, at most {@code q.limit()}. */
  public List<Hit> search(Query q) {
    return search(q, new Profile());
  }

  /** Runs the search and records where the time went. */
  public List<Hit> search(Query q, Profile profile) {
    if (q.archives().isEmpty() || q.limit() < 1) {
      return List.of();
    }
    Map<String, EmbeddingConfig> configs = new HashMap<>();
    q.archives().forEach(a -> configs.put(a.id(), a.embeddingConfig()));
    List<String> archiveIds = q.archives().stream().map(ArchiveEntity::id).toList();
    if (q.text() == null || q.text().isBlank()) {
      return repository.filtered(archiveIds, q.tags(), q.matchAll(), q.start(), q.end(), q.limit()).stream()
          .map(p -> new Hit(p, configs.get(p.archiveId()), 0, null, null, null, null, "filter")).toList();
    }
    int pool = Math.max(q.limit(), config.candidatePool());

    Predicate<PassageMeta> filter = filter(q);
    // The indexes keep each passage's row: the results need no PostgreSQL round trip.
    Map<String, PassageEntity> passages = new HashMap<>();
    Map<String, Integer> vectorRanks = new HashMap<>();
    Map<String, Float> similarities = new HashMap<>();
    if (q.mode() != Mode.KEYWORD) {
      List<VectorHit<PassageMeta>> vectorHits = vectorSearch(q, pool, filter, profile);
      for (int i = 0; i < vectorHits.size(); i++) {
        VectorHit<PassageMeta> h = vectorHits.get(i);
        vectorRanks.put(h.id(), i + 1);
        similarities.put(h.id(), h.score());
        passages.put(h.id(), h.meta().passage());
      }
    }
    Map<String, Integer> ftsRanks = new HashMap<>();
    Map<String, Integer> exactRanks = new HashMap<>();
    long keywordStart = System.nanoTime();
    if (q.mode() != Mode.VECTOR) {
      List<List<String>> identifiers = identifiers(q.text()).stream().map(KeywordIndex::tokenize)
          .filter(words -> !words.isEmpty()).toList();
      List<KeywordIndex.Hit<PassageMeta>> keywordHits = new ArrayList<>();
      List<KeywordIndex.Hit<PassageMeta>> exactHits = new ArrayList<>();
      for (ArchiveEntity archive : q.archives()) {
        KeywordIndex<PassageMeta> keywords = index.indexes(archive).keywords();
        keywordHits.addAll(keywords.search(q.text(), pool, filter));
        if (!identifiers.isEmpty()) {
          exactHits.addAll(keywords.searchAllOf(identifiers, pool, filter));
        }
      }
      ranks(keywordHits, pool, ftsRanks, passages);
      ranks(exactHits, pool, exactRanks, passages);
    }
    long fuseStart = System.nanoTime();
    profile.keyword = fuseStart - keywordStart;

    Set<String> candidates = new LinkedHashSet<>(vectorRanks.keySet());
    candidates.addAll(ftsRanks.keySet());
    candidates.addAll(exactRanks.keySet());
    Map<String, Double> fused = new HashMap<>();
    for (String id : candidates) {
      fused.put(id, rrf(vectorRanks.get(id)) + rrf(ftsRanks.get(id)) + rrf(exactRanks.get(id)));
    }
    List<String> ordered = new ArrayList<>(candidates);
    ordered.sort(Comparator.<String>comparingDouble(fused::get).reversed()
        .thenComparingInt(id -> ftsRanks.getOrDefault(id, Integer.MAX_VALUE))
        .thenComparingInt(id -> vectorRanks.getOrDefault(id, Integer.MAX_VALUE)));
    List<String> top = ordered.subList(0, Math.min(q.limit(), ordered.size()));

    String mode = q.mode().name().toLowerCase();
    List<Hit> hits = new ArrayList<>(top.size());
    for (String id : top) {
      PassageEntity p = passages.get(id);
      if (p != null) {
        hits.add(new Hit(p, configs.get(p.archiveId()), fused.get(id), vectorRanks.get(id), ftsRanks.get(id),
            exactRanks.get(id), similarities.get(id), mode));
      }
    }
    profile.fuse = System.nanoTime() - fuseStart;
    return hits;
  }

  /** Words of {@code text} that contain a digit and are at least 3 characters long. */
  static List<String> identifiers(String text) {
    List<String> out = new ArrayList<>();
    java.util.regex.Matcher m = IDENTIFIER.matcher(text);
    while (m.find()) {
      String word = m.group().replaceAll("[#./-]+$", "");
      if (word.length() >= 3 && word.chars().anyMatch(Character::isDigit) && !out.contains(word)) {
        out.add(word);
      }
    }
    return out;
  }

  private static double rrf(Integer rank) {
    return rank == null ? 0 : 1.0 / (RRF_K + rank);
  }

  /** Ranks (1-based) of the best {@code pool} hits, merged across archives by score. */
  private static void ranks(List<KeywordIndex.Hit<PassageMeta>> hits, int pool, Map<String, Integer> into,
      Map<String, PassageEntity> passages) {
    if (hits.size() > 1) {
      hits.sort(Comparator.comparingDouble((KeywordIndex.Hit<PassageMeta> h) -> h.score()).reversed());
    }
    for (int i = 0; i < hits.size() && i < pool; i++) {
      into.put(hits.get(i).id(), i + 1);
      passages.put(hits.get(i).id(), hits.get(i).meta().passage());
    }
  }

  /** The {@code pool} nearest passages across the archives, each archive queried with its own model. */
  private List<VectorHit<PassageMeta>> vectorSearch(Query q, int pool, Predicate<PassageMeta> filter,
      Profile profile) {
    Map<EmbeddingConfig, float[]> queryVectors = new HashMap<>();
    List<VectorHit<PassageMeta>> all = new ArrayList<>();
    for (ArchiveEntity archive : q.archives()) {
      long start = System.nanoTime();
      Embedder embedder = archives.embedder(archive);
      float[] vector = queryVectors.computeIfAbsent(embedder.config(), c -> embedder.embed(q.text()));
      long embedded = System.nanoTime();
      VectorIndex<PassageMeta> idx = index.indexes(archive).vectors();
      all.addAll(idx.search(vector, pool, filter, false).hits());
      profile.embed += embedded - start;
      profile.vector += System.nanoTime() - embedded;
    }
    // Archives embedded with different models give cosines on different scales; most agents have one archive.
    all.sort(Comparator.comparingDouble((VectorHit<PassageMeta> h) -> h.score()).reversed());
    return all.size() > pool ? all.subList(0, pool) : all;
  }

  /** The tag and time filter as a predicate over index metadata; null when there is none. */
  static Predicate<PassageMeta> filter(Query q) {
    boolean byTags = q.tags() != null && !q.tags().isEmpty();
    if (!byTags && q.start() == null && q.end() == null) {
      return null;
    }
    long start = q.start() == null ? Long.MIN_VALUE : q.start().toEpochMilli();
    long end = q.end() == null ? Long.MAX_VALUE : q.end().toEpochMilli();
    List<String> tags = byTags ? q.tags() : List.of();
    return m -> m.createdAtMillis() >= start && m.createdAtMillis() <= end
        && (!byTags || (q.matchAll() ? m.tags().containsAll(tags) : tags.stream().anyMatch(m.tags()::contains)));
  }
}
