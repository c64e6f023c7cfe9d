package dev.engram.memory.archival;

import dev.engram.contracts.Ids;
import dev.engram.memory.archival.ArchivalRequests.PassageSearch;
import dev.engram.platform.rest.ApiException;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Letta's {@code POST /v1/passages/search}: hybrid search of one archive, an agent's archives, or all archives. */
@Path("/v1/passages/search")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RunOnVirtualThread
public class PassageSearchResource {
  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 100;

  private final ArchivalService archives;
  private final ArchivalSearch search;

  PassageSearchResource(ArchivalService archives, ArchivalSearch search) {
    this.archives = archives;
    this.search = search;
  }

  /** {@code [{passage, score, metadata}]}, best first; {@code score} is the fused (RRF) score. */
  @POST
  @Path("{slash: /?}")
  public List<Map<String, Object>> search(PassageSearch request) {
    PassageSearch r = request == null ? new PassageSearch(null, null, null, null, null, null, null, null) : request;
    int limit = r.limit() == null ? DEFAULT_LIMIT : r.limit();
    if (limit < 1 || limit > MAX_LIMIT) {
      throw ApiException.unprocessable("limit: Input should be between 1 and " + MAX_LIMIT);
    }
    List<ArchiveEntity> scope;
    if (r.archiveId() != null) {
      ArchiveEntity archive = archives.getForSearch(ArchivalParams.id(Ids.ARCHIVE, r.archiveId()));
      if (r.agentId() != null && !archives.archiveIds(r.agentId()).contains(archive.id())) {
        scope = List.of();
      } else {
        scope = List.of(archive);
      }
    } else if (r.agentId() != null) {
      scope = archives.archivesOf(r.agentId());
    } else {
      scope = archives.list(null, null, null, null, 10_000, true);
    }
    List<ArchivalSearch.Hit> hits = search.search(new ArchivalSearch.Query(scope, r.query(),
        r.tags() == null || r.tags().isEmpty() ? null : r.tags(), ArchivalParams.matchAll(r.tagMatchMode()),
        ArchivalTimes.parseOrThrow("start_date", r.startDate(), false),
        ArchivalTimes.parseOrThrow("end_date", r.endDate(), true), limit, ArchivalSearch.Mode.HYBRID));
    return hits.stream().map(h -> {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("passage", PassageView.of(h.passage(), h.embeddingConfig(), false));
      out.put("score", h.score());
      out.put("metadata", h.relevance());
      return out;
    }).toList();
  }
}
