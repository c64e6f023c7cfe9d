package dev.engram.memory.archival;

import dev.engram.contracts.Ids;
import dev.engram.memory.archival.ArchivalRequests.VectorPassage;
import dev.engram.memory.archival.ArchivalRequests.VectorPassages;
import dev.engram.memory.embedding.Vectors;
import dev.engram.memory.vector.VectorHit;
import dev.engram.memory.vector.VectorIndex;
import dev.engram.platform.rest.ApiException;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Internal archival endpoints for other services, benchmarks and operators: archival counts for an agent's
 * prompt, bulk insert of precomputed vectors, raw index search (exact or graph) and index reload.
 */
@Path("/internal/archival")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RunOnVirtualThread
public class ArchivalInternalResource {
  private static final Duration GRAPH_WAIT = Duration.ofMinutes(30);

  private final ArchivalService archives;
  private final ArchivalIndex index;
  private final ArchivalSearch search;

  ArchivalInternalResource(ArchivalService archives, ArchivalIndex index, ArchivalSearch search) {
    this.search = search;
    this.archives = archives;
    this.index = index;
  }

  /** {@code {count, tags, archive_ids}} of the agent's archives, for the prompt's memory metadata. */
  @GET
  @Path("/agents/{agentId}/stats")
  public Map<String, Object> agentStats(@PathParam("agentId") String agentId) {
    return archives.agentStats(agentId);
  }

  /**
   * Stores passages whose vectors the caller computed; {@code embedding_model} and {@code embedding_dim}
   * must be the archive's (a 400 otherwise), so foreign vectors never mix with the archive's own.
   */
  /** Ids of every agent the archive is attached to, unpaged (agent-api pages the agent states it builds). */
  @GET
  @Path("/archives/{archiveId}/agents")
  public List<String> agentIds(@PathParam("archiveId") String archiveId) {
    return archives.agentsOf(ArchivalParams.id(Ids.ARCHIVE, archiveId), null, null, Integer.MAX_VALUE, true);
  }

  @POST
  @Path("/archives/{archiveId}/vectors")
  public Map<String, Object> insertVectors(@PathParam("archiveId") String archiveId, VectorPassages request) {
    ArchiveEntity archive = archives.get(ArchivalParams.id(Ids.ARCHIVE, archiveId));
    if (request == null || request.passages() == null) {
      throw ApiException.unprocessable("passages: Field required");
    }
    var config = archive.embeddingConfig();
    if (!config.embeddingModel().equals(request.embeddingModel())
        || !config.embeddingDim().equals(request.embeddingDim())) {
      throw ApiException.badRequest("Embedding model mismatch: archive " + archiveId + " is embedded with "
          + ArchivalService.describe(config) + ", the vectors are " + request.embeddingModel() + " ("
          + request.embeddingDim() + " dims)");
    }
    Instant now = Instant.now();
    List<PassageEntity> passages = new ArrayList<>(request.passages().size());
    for (VectorPassage p : request.passages()) {
      if (p.text() == null || p.embedding() == null || p.embedding().length != config.embeddingDim()) {
        throw ApiException.badRequest("Every passage needs text and an embedding of " + config.embeddingDim()
            + " dimensions");
      }
      Instant created = p.createdAt() == null ? now : ArchivalTimes.parseOrThrow("created_at", p.createdAt(), false);
      passages.add(new PassageEntity(Ids.newId(Ids.PASSAGE), archiveId, p.text(), Vectors.normalized(p.embedding()),
          p.tags() == null ? List.of() : p.tags(), Map.of(), Ids.DEFAULT_USER, Ids.DEFAULT_USER, created, now));
    }
    archives.store(archive, passages);
    return Map.of("inserted", passages.size());
  }

  /** Body of the raw index search: a vector (or a text to embed with the archive's model). */
  public record IndexSearch(float[] vector, String query, Integer topK, Boolean exact) {
  }

  /** Raw nearest neighbours from this replica's index, with the time the index took (µs), for recall checks. */
  @POST
  @Path("/archives/{archiveId}/index/search")
  public Map<String, Object> indexSearch(@PathParam("archiveId") String archiveId, IndexSearch request) {
    ArchiveEntity archive = archives.get(ArchivalParams.id(Ids.ARCHIVE, archiveId));
    if (request == null || (request.vector() == null && request.query() == null)) {
      throw ApiException.unprocessable("vector or query: Field required");
    }
    float[] vector = request.vector() != null ? Vectors.normalized(request.vector())
        : archives.embedder(archive).embed(request.query());
    if (vector.length != archive.embeddingConfig().embeddingDim()) {
      throw ApiException.badRequest("Embedding model mismatch: archive " + archiveId + " has "
          + archive.embeddingConfig().embeddingDim() + " dimensions, the query vector " + vector.length);
    }
    VectorIndex<PassageMeta> idx = index.index(archive);
    long start = System.nanoTime();
    VectorIndex.Result<PassageMeta> result = idx.search(vector, request.topK() == null ? 10 : request.topK(), null,
        Boolean.TRUE.equals(request.exact()));
    long micros = (System.nanoTime() - start) / 1_000;
    List<Map<String, Object>> hits = new ArrayList<>();
    for (VectorHit<PassageMeta> h : result.hits()) {
      hits.add(Map.of("id", h.id(), "score", h.score()));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("hits", hits);
    out.put("mode", result.mode().name().toLowerCase());
    out.put("micros", micros);
    return out;
  }

  /** A profiled hybrid search: {@code query} and {@code limit} as the public endpoint takes them. */
  public record ProfiledSearch(String query, Integer limit) {
  }

  /**
   * The public hybrid search of one archive with where the time went on this side (µs): archive lookup,
   * query embedding, vector index, keyword index, fusion, row fetch, total.
   */
  @POST
  @Path("/archives/{archiveId}/search/profile")
  public Map<String, Object> profiledSearch(@PathParam("archiveId") String archiveId, ProfiledSearch request) {
    long start = System.nanoTime();
    ArchiveEntity archive = archives.getForSearch(ArchivalParams.id(Ids.ARCHIVE, archiveId));
    long found = System.nanoTime();
    if (request == null || request.query() == null || request.query().isBlank()) {
      throw ApiException.unprocessable("query: Field required");
    }
    ArchivalSearch.Profile profile = new ArchivalSearch.Profile();
    List<ArchivalSearch.Hit> hits = search.search(new ArchivalSearch.Query(List.of(archive), request.query(), null,
        false, null, null, request.limit() == null ? 10 : request.limit(), ArchivalSearch.Mode.HYBRID), profile);
    long done = System.nanoTime();
    Map<String, Object> micros = new LinkedHashMap<>();
    micros.put("archive", (found - start) / 1_000);
    micros.putAll(profile.micros());
    micros.put("total", (done - start) / 1_000);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("ids", hits.stream().map(h -> h.passage().id()).toList());
    out.put("micros", micros);
    return out;
  }

  /** Sizes of this replica's index of the archive (loading it if needed). */
  @GET
  @Path("/archives/{archiveId}/index")
  public VectorIndex.Stats indexStats(@PathParam("archiveId") String archiveId) {
    return index.index(archives.get(ArchivalParams.id(Ids.ARCHIVE, archiveId))).stats();
  }

  /** Drops this replica's index of the archive, reloads it from PostgreSQL and waits for its graph. */
  @POST
  @Path("/archives/{archiveId}/index/reload")
  public Map<String, Object> reload(@PathParam("archiveId") String archiveId) {
    ArchiveEntity archive = archives.get(ArchivalParams.id(Ids.ARCHIVE, archiveId));
    index.forget(archiveId);
    long start = System.nanoTime();
    VectorIndex<PassageMeta> idx = index.index(archive);
    long loaded = System.nanoTime();
    idx.awaitBuilt(GRAPH_WAIT);
    long built = System.nanoTime();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("size", idx.size());
    out.put("load_ms", (loaded - start) / 1_000_000);
    out.put("graph_ms", (built - loaded) / 1_000_000);
    out.put("graph_ready", idx.stats().graphReady());
    return out;
  }

  /** Waits until the archive's graph build (if any) has finished; returns the index sizes. */
  @POST
  @Path("/archives/{archiveId}/index/await")
  public VectorIndex.Stats awaitGraph(@PathParam("archiveId") String archiveId) {
    VectorIndex<PassageMeta> idx = index.index(archives.get(ArchivalParams.id(Ids.ARCHIVE, archiveId)));
    idx.awaitBuilt(GRAPH_WAIT);
    return idx.stats();
  }

  /** Reads the change log now (other replicas' inserts and deletes); returns how many changes were read. */
  @POST
  @Path("/catch-up")
  public Map<String, Object> catchUp() {
    return Map.of("changes", index.catchUp());
  }
}
