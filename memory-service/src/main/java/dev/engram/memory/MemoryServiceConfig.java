package dev.engram.memory;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Tunables of memory-service (prefix {@code engram.memory}). */
@ConfigMapping(prefix = "engram.memory")
public interface MemoryServiceConfig {

  /** Character limit of a new block whose create body has none: Letta's {@code CORE_MEMORY_BLOCK_CHAR_LIMIT} (100000). */
  @WithDefault("100000")
  int defaultBlockLimit();

  /** The conversation_search tool. */
  ConversationSearch conversationSearch();

  /** Settings of the conversation_search tool. */
  interface ConversationSearch {
    /** Results returned when the agent passes no {@code limit}: Letta's {@code RETRIEVAL_QUERY_DEFAULT_PAGE_SIZE} (5). */
    @WithDefault("5")
    int defaultLimit();

    /** Largest {@code limit} honoured, so one tool call cannot flood the agent's context. */
    @WithDefault("100")
    int maxLimit();
  }

  /** The recall index behind conversation_search and /v1/messages/search. */
  Recall recall();

  /** Settings of the recall index. */
  interface Recall {
    /**
     * Candidates taken from each ranked list (full text, vectors) before reciprocal rank fusion, at least the
     * requested limit: deeper lists let a message ranked well by both searches beat one ranked first by one.
     */
    @WithDefault("20")
    int candidates();

    /** Messages the background worker embeds per model call. */
    @WithDefault("32")
    int embeddingBatch();

    /**
     * How long the embedding worker lets new messages gather after a wake-up before it embeds them: one inference
     * for a batch of short texts costs little more than one for a single text, so a short wait saves most of the
     * CPU a busy agent's messages would cost. Until then a new message is found by full text only.
     */
    @WithDefault("300ms")
    Duration embeddingGather();

    /** How often the embedding worker looks for unembedded messages when nothing woke it. */
    @WithDefault("5s")
    Duration embeddingPoll();

    /** Whether the embedding worker runs (off only where another process embeds, e.g. a load test). */
    @WithDefault("true")
    boolean embeddingWorker();

    /**
     * Message vectors kept in memory across agents (float16, 768 bytes each): the least recently searched
     * agents are dropped beyond it, and an agent with more vectors than this is scanned from PostgreSQL.
     */
    @WithDefault("200000")
    int vectorCacheSize();
  }

  /** Embedding models. */
  Embedding embedding();

  /** Settings of the embedding models. */
  interface Embedding {
    /** Texts per all-MiniLM-L6-v2 call; concurrent callers are coalesced up to this many. */
    @WithDefault("32")
    int batchSize();

    /** Load the in-process model at start rather than on first use. */
    @WithDefault("true")
    boolean warmUp();

    /** OpenAI embeddings ({@code openai/<model>} handles). */
    OpenAi openai();

    /** Base URL of the project's scripted model server ({@code scripted/<model>} handles); a test double. */
    java.util.Optional<String> scriptedUrl();
  }

  /** OpenAI (or compatible) embeddings endpoint. */
  interface OpenAi {
    /** API key ({@code OPENAI_API_KEY}); without it {@code openai/...} handles are refused with a 400. */
    java.util.Optional<String> apiKey();

    /** Base URL ({@code OPENAI_BASE_URL}). */
    @WithDefault("https://api.openai.com/v1")
    String baseUrl();
  }

  /** Archival memory and its vector index. */
  Archival archival();

  /** Settings of archival memory. */
  interface Archival {
    /** Results of archival_memory_search and the agent search endpoint without top_k: Letta's default (5). */
    @WithDefault("5")
    int defaultTopK();

    /** Largest top_k / limit honoured. */
    @WithDefault("100")
    int maxTopK();

    /** Candidates taken from each of the vector and the keyword ranking before they are fused. */
    @WithDefault("50")
    int candidatePool();

    /** Live vectors up to which an archive is searched by exact scan; above it an HNSW graph is built. */
    @WithDefault("2000")
    int exactThreshold();

    /** HNSW maximum node degree (M). */
    @WithDefault("16")
    int graphDegree();

    /** HNSW beam width while building. */
    @WithDefault("100")
    int buildBeam();

    /** HNSW beam width while searching (candidates examined; higher = better recall, slower). */
    @WithDefault("200")
    int searchBeam();

    /** Deleted nodes, as a fraction of live ones, at which an archive's graph is rebuilt. */
    @WithDefault("0.2")
    double rebuildDeletedFraction();

    /** How often this replica reads the change log for other replicas' inserts and deletes. */
    @WithDefault("1s")
    java.time.Duration changePollInterval();

    /** How long change-log rows are kept (a replica down for longer reloads its indexes anyway). */
    @WithDefault("1h")
    java.time.Duration changeRetention();
  }
}
