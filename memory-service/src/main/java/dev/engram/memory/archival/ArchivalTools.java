package dev.engram.memory.archival;

import dev.engram.contracts.Json;
import dev.engram.contracts.LettaTime;
import dev.engram.memory.MemoryServiceConfig;
import dev.engram.memory.archival.ArchivalRequests.PassageCreate;
import dev.engram.memory.tool.ToolArguments;
import dev.engram.memory.tool.ToolException;
import dev.engram.platform.rest.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Letta's {@code archival_memory_insert} and {@code archival_memory_search}, run in the tool call's transaction. */
@ApplicationScoped
public class ArchivalTools {
  /** The tools this class runs. */
  public static final List<String> NAMES = List.of("archival_memory_insert", "archival_memory_search");

  private final ArchivalService archives;
  private final ArchivalSearch search;
  private final MemoryServiceConfig.Archival config;

  ArchivalTools(ArchivalService archives, ArchivalSearch search, MemoryServiceConfig config) {
    this.archives = archives;
    this.search = search;
    this.config = config.archival();
  }

  /**
   * Runs {@code tool} for the agent and returns the text the agent reads. The passage row commits with the
   * caller's transaction (and its idempotency record); the vector index sees it only after that commit.
   * {@code embedding} is the agent's embedding handle (null: the default model), used if the agent has no archive yet.
   */
  public String run(String tool, String agentId, String embedding, ToolArguments args) {
    try {
      return switch (tool) {
        case "archival_memory_insert" -> insert(agentId, embedding, args);
        case "archival_memory_search" -> search(agentId, args);
        default -> throw new IllegalArgumentException("Not an archival tool: " + tool);
      };
    } catch (ApiException e) {
      // A model the archive needs is unavailable, or similar: the agent reads why, the call is not retried.
      throw new ToolException(e.getMessage());
    }
  }

  /** Adds a passage to the agent's default archive; Letta returns None, which the agent reads as "None". */
  private String insert(String agentId, String embedding, ToolArguments args) {
    String content = args.requiredString("content");
    List<String> tags = args.optionalStringList("tags");
    ArchiveEntity archive = archives.defaultArchive(agentId, embedding);
    archives.insert(archive, List.of(new PassageCreate(content, tags, null, null)));
    return "None";
  }

  /** Hybrid search of the agent's archives; a JSON list of {@code {id, timestamp, content, tags, relevance}}. */
  private String search(String agentId, ToolArguments args) {
    String query = args.requiredString("query");
    List<String> tags = args.optionalStringList("tags");
    String mode = args.optionalString("tag_match_mode");
    if (mode != null && !mode.equals("any") && !mode.equals("all")) {
      throw new ToolException("tag_match_mode must be 'any' or 'all', got '" + mode + "'");
    }
    Integer topK = args.optionalInt("top_k");
    Instant start = time(args, "start_datetime", false);
    Instant end = time(args, "end_datetime", true);
    int limit = topK == null ? config.defaultTopK() : Math.clamp(topK, 1, config.maxTopK());
    List<ArchivalSearch.Hit> hits = search.search(new ArchivalSearch.Query(archives.archivesOf(agentId), query,
        tags == null || tags.isEmpty() ? null : tags, "all".equals(mode), start, end, limit,
        ArchivalSearch.Mode.HYBRID));
    return Json.write(hits.stream().map(h -> {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("id", h.passage().id());
      r.put("timestamp", LettaTime.format(h.passage().createdAt()));
      r.put("content", h.passage().text());
      r.put("tags", h.passage().tags());
      r.put("relevance", h.relevance());
      return r;
    }).toList());
  }

  private static Instant time(ToolArguments args, String name, boolean endOfDay) {
    String text = args.optionalString(name);
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return ArchivalTimes.parse(name, text, endOfDay);
    } catch (IllegalArgumentException e) {
      throw new ToolException(e.getMessage());
    }
  }
}
