package dev.engram.memory.recall;

import dev.engram.contracts.events.MessagesPersisted;
import dev.engram.contracts.events.MessagesPersisted.RecallEntry;
import dev.engram.memory.MemoryServiceConfig;
import dev.engram.memory.embedding.Embeddings;
import dev.engram.memory.embedding.Vectors;
import dev.engram.memory.recall.RecallHit.Relevance;
import dev.engram.memory.recall.RecallRepository.EmbeddedHit;
import dev.engram.platform.rest.ApiException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Maintains and searches the recall index (every stored message of every agent). Search follows Letta:
 * full-text and vector rankings, each {@code candidates} deep, fused by reciprocal rank fusion
 * (k = 60, equal weights); without a query the newest messages match.
 */
@ApplicationScoped
public class RecallService {
  /** Consumer name under which processed MessagesPersisted ids are recorded. */
  static final String CONSUMER = "memory-service.recall";
  /** Cormack et al.'s RRF constant, as Letta uses it. */
  static final int RRF_K = 60;
  /** Letta weighs both rankings equally. */
  static final double RRF_WEIGHT = 0.5;
  /** Extra float16 candidates re-scored in float32, so rounding cannot push a true neighbour out. */
  private static final int RESCORE_MARGIN = 10;
  private static final Logger LOG = Logger.getLogger(RecallService.class);

  private final RecallRepository recall;
  private final RecallVectors vectors;
  private final Embeddings embeddings;
  private final MemoryServiceConfig.Recall config;
  private final Counter indexed;

  RecallService(RecallRepository recall, RecallVectors vectors, Embeddings embeddings,
      MemoryServiceConfig config, MeterRegistry meters) {
    this.recall = recall;
    this.vectors = vectors;
    this.embeddings = embeddings;
    this.config = config.recall();
    this.indexed = meters.counter("engram.memory.recall.indexed");
  }

  /**
   * Indexes the event's messages once, however often the event is delivered; they are full-text searchable
   * at once and embedded later by {@link RecallEmbeddingWorker}. One statement records the event and inserts its
   * messages, so it needs no transaction. Returns how many messages were new.
   */
  public int index(MessagesPersisted event) {
    List<RecallEntry> entries = event.messages() == null ? List.of()
        : event.messages().stream().filter(e -> e != null && e.messageId() != null && e.role() != null).toList();
    int added = recall.insertOnce(CONSUMER, event.eventId(), event.agentId(), entries);
    indexed.increment(added);
    return added;
  }

  /** Messages indexed for the agent. */
  public long count(String agentId) {
    return recall.count(agentId);
  }

  /** The agent's best matching messages, best first, with Letta's relevance metadata. */
  public List<RecallHit> search(RecallQuery q) {
    if (!q.hasText()) {
      return single(recall.newest(q), q.limit(), "timestamp");
    }
    int depth = Math.max(q.limit(), config.candidates());
    return switch (q.mode()) {
      case FTS -> single(fullText(q, depth), q.limit(), "fts");
      case VECTOR -> single(byVector(q, depth, true), q.limit(), "vector");
      case HYBRID -> fuse(byVector(q, depth, false), fullText(q, depth), q.limit());
    };
  }

  private List<RecallHit> fullText(RecallQuery q, int depth) {
    List<RecallHit> hits = recall.fullText(q, depth);
    return hits.isEmpty() ? recall.substring(q, depth) : hits;
  }

  /** Vector ranking: float16 scan in memory, then exact float32 cosine on the candidates read back. */
  private List<RecallHit> byVector(RecallQuery q, int depth, boolean required) {
    float[] query;
    try {
      query = embeddings.defaultEmbedder().embed(q.query());
    } catch (RuntimeException e) {
      if (required) {
        throw ApiException.unavailable("The embedding model is unavailable: " + e.getMessage());
      }
      // Hybrid search still answers from full text.
      LOG.warnf("Recall search without vectors: embedding the query failed: %s", e.getMessage());
      return List.of();
    }
    List<String> ids = vectors.nearest(q, query, depth + RESCORE_MARGIN).stream()
        .map(RecallVectors.Candidate::messageId).toList();
    Map<RecallHit, Float> scored = new HashMap<>();
    for (EmbeddedHit e : recall.withEmbeddings(q.agentId(), ids)) {
      if (e.vector() != null && e.vector().length == query.length) {
        scored.put(e.hit(), Vectors.dot(query, e.vector()));
      }
    }
    return scored.entrySet().stream()
        .sorted(Map.Entry.<RecallHit, Float>comparingByValue().reversed()
            .thenComparing(e -> e.getKey().createdAt(), Comparator.reverseOrder()))
        .limit(depth).map(Map.Entry::getKey).toList();
  }

  /** One ranking alone: Letta scores position i as 1/(i+1) and names the mode and the rank. */
  private static List<RecallHit> single(List<RecallHit> ranked, int limit, String mode) {
    List<RecallHit> out = new ArrayList<>();
    for (int i = 0; i < Math.min(limit, ranked.size()); i++) {
      int rank = i + 1;
      out.add(ranked.get(i).withRelevance(new Relevance(1.0 / rank, mode.equals("vector") ? rank : null,
          mode.equals("fts") ? rank : null, mode)));
    }
    return out;
  }

  /** Reciprocal rank fusion of the two rankings; ties keep vector results first, as Letta's stable sort does. */
  static List<RecallHit> fuse(List<RecallHit> byVector, List<RecallHit> byText, int limit) {
    Map<String, RecallHit> all = new LinkedHashMap<>();
    Map<String, Integer> vectorRank = new HashMap<>();
    Map<String, Integer> textRank = new HashMap<>();
    for (int i = 0; i < byVector.size(); i++) {
      all.putIfAbsent(byVector.get(i).messageId(), byVector.get(i));
      vectorRank.putIfAbsent(byVector.get(i).messageId(), i + 1);
    }
    for (int i = 0; i < byText.size(); i++) {
      all.putIfAbsent(byText.get(i).messageId(), byText.get(i));
      textRank.putIfAbsent(byText.get(i).messageId(), i + 1);
    }
    List<RecallHit> fused = new ArrayList<>(all.size());
    for (RecallHit hit : all.values()) {
      Integer v = vectorRank.get(hit.messageId());
      Integer t = textRank.get(hit.messageId());
      double score = (v == null ? 0 : RRF_WEIGHT / (RRF_K + v)) + (t == null ? 0 : RRF_WEIGHT / (RRF_K + t));
      fused.add(hit.withRelevance(new Relevance(score, v, t, null)));
    }
    fused.sort(Comparator.comparingDouble((RecallHit h) -> h.relevance().rrfScore()).reversed());
    return fused.subList(0, Math.min(limit, fused.size()));
  }
}
