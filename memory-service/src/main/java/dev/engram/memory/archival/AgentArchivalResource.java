package dev.engram.memory.archival;

import dev.engram.contracts.Ids;
import dev.engram.contracts.LettaTime;
import dev.engram.memory.MemoryServiceConfig;
import dev.engram.memory.archival.ArchivalRequests.PassageCreate;
import dev.engram.platform.rest.ApiException;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Letta's agent-scoped archival memory API ({@code /v1/agents/{agent_id}/archival-memory}) and archive
 * attach/detach, served by memory-service (agent-api forwards these paths unchanged). Attach and detach
 * answer {@code {"agent_id", "archive_ids"}}; agent-api turns that into the AgentState (or null) Letta returns.
 */
@Path("/v1/agents/{agentId}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RunOnVirtualThread
public class AgentArchivalResource {
  /** Set by agent-api: the agent's embedding handle, for a default archive created by this call. */
  public static final String AGENT_EMBEDDING_HEADER = "X-Engram-Agent-Embedding";

  static final int DEFAULT_LIST_LIMIT = 100;

  private final ArchivalService archives;
  private final ArchivalSearch search;
  private final MemoryServiceConfig.Archival config;

  AgentArchivalResource(ArchivalService archives, ArchivalSearch search, MemoryServiceConfig config) {
    this.archives = archives;
    this.search = search;
    this.config = config.archival();
  }

  /** Inserts one passage into the agent's default archive (created on demand); Letta answers a list. */
  @POST
  @Path("/archival-memory{slash: /?}")
  public List<PassageView> insert(@PathParam("agentId") String agentId,
      @HeaderParam(AGENT_EMBEDDING_HEADER) String embedding, PassageCreate request) {
    ArchivalParams.id(Ids.AGENT, agentId);
    if (request == null) {
      throw ApiException.unprocessable("Request body is required");
    }
    // CreateArchivalMemory has no metadata field.
    PassageCreate create = new PassageCreate(request.text(), request.tags(), null, request.createdAt());
    ArchiveEntity archive = archives.defaultArchive(agentId, embedding == null || embedding.isBlank() ? null : embedding);
    return archives.insert(archive, List.of(create)).stream()
        .map(p -> PassageView.of(p, archive.embeddingConfig(), true)).toList();
  }

  /** The agent's passages, oldest first unless {@code ascending=false}; {@code search} filters by text. */
  @GET
  @Path("/archival-memory{slash: /?}")
  public List<PassageView> list(@PathParam("agentId") String agentId, @QueryParam("after") String after,
      @QueryParam("before") String before, @QueryParam("limit") String limit, @QueryParam("search") String text,
      @QueryParam("ascending") String ascending) {
    ArchivalParams.id(Ids.AGENT, agentId);
    List<ArchiveEntity> agentArchives = archives.archivesOf(agentId);
    Map<String, ArchiveEntity> byId = new LinkedHashMap<>();
    agentArchives.forEach(a -> byId.put(a.id(), a));
    return archives.listAgentPassages(agentId, after, before,
        ArchivalParams.limit("limit", limit, DEFAULT_LIST_LIMIT, 1_000),
        ArchivalParams.bool("ascending", ascending, true), text).stream()
        .map(p -> PassageView.of(p, byId.get(p.archiveId()).embeddingConfig(), false)).toList();
  }

  /** Hybrid search of the agent's archives: {@code {results: [{id, timestamp, content, tags}], count}}. */
  @GET
  @Path("/archival-memory/search")
  public Map<String, Object> search(@PathParam("agentId") String agentId, @QueryParam("query") String query,
      @QueryParam("tags") List<String> tags, @QueryParam("tag_match_mode") String tagMatchMode,
      @QueryParam("top_k") String topK, @QueryParam("start_datetime") String start,
      @QueryParam("end_datetime") String end) {
    ArchivalParams.id(Ids.AGENT, agentId);
    if (query == null) {
      throw ApiException.unprocessable("query: Field required");
    }
    List<ArchivalSearch.Hit> hits = search.search(new ArchivalSearch.Query(archives.archivesOf(agentId), query,
        tags == null || tags.isEmpty() ? null : tags, ArchivalParams.matchAll(tagMatchMode),
        ArchivalTimes.parseOrThrow("start_datetime", start, false),
        ArchivalTimes.parseOrThrow("end_datetime", end, true),
        ArchivalParams.limit("top_k", topK, config.defaultTopK(), config.maxTopK()), ArchivalSearch.Mode.HYBRID));
    List<Map<String, Object>> results = hits.stream().map(h -> {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("id", h.passage().id());
      r.put("timestamp", LettaTime.format(h.passage().createdAt()));
      r.put("content", h.passage().text());
      r.put("tags", h.passage().tags());
      return r;
    }).toList();
    return Map.of("results", results, "count", results.size());
  }

  /** Deletes one of the agent's passages. */
  @DELETE
  @Path("/archival-memory/{memoryId}")
  public Map<String, String> delete(@PathParam("agentId") String agentId, @PathParam("memoryId") String memoryId) {
    archives.deleteAgentPassage(ArchivalParams.id(Ids.AGENT, agentId), memoryId);
    return Map.of("message", "Memory id=" + memoryId + " successfully deleted");
  }

  /** Attaches an archive to the agent. */
  @PATCH
  @Path("/archives/attach/{archiveId}")
  public Map<String, Object> attach(@PathParam("agentId") String agentId, @PathParam("archiveId") String archiveId) {
    List<String> ids = archives.attach(ArchivalParams.id(Ids.AGENT, agentId), ArchivalParams.id(Ids.ARCHIVE,
        archiveId));
    return Map.of("agent_id", agentId, "archive_ids", ids);
  }

  /** Detaches an archive from the agent. */
  @PATCH
  @Path("/archives/detach/{archiveId}")
  public Map<String, Object> detach(@PathParam("agentId") String agentId, @PathParam("archiveId") String archiveId) {
    List<String> ids = archives.detach(ArchivalParams.id(Ids.AGENT, agentId), ArchivalParams.id(Ids.ARCHIVE,
        archiveId));
    return Map.of("agent_id", agentId, "archive_ids", ids);
  }
}
