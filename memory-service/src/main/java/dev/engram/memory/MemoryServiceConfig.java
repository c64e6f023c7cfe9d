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

  /** The embedding model. */
  Embedding embedding();

  /** Settings of the in-process embedding model. */
  interface Embedding {
    /** Most texts embedded in one model call; concurrent callers are coalesced up to this size. */
    @WithDefault("32")
    int batchSize();

    /** Load the model at start-up (about 2 s) instead of on the first embedding. */
    @WithDefault("true")
    boolean warmUp();
  }

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
}
