package dev.engram.memory.archival;

import dev.engram.contracts.Ids;
import dev.engram.memory.archival.ArchivalRequests.ArchiveCreate;
import dev.engram.memory.archival.ArchivalRequests.ArchiveUpdate;
import dev.engram.memory.archival.ArchivalRequests.PassageBatchCreate;
import dev.engram.memory.archival.ArchivalRequests.PassageCreate;
import dev.engram.platform.rest.ApiException;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;

/**
 * Letta's {@code /v1/archives} API, served by memory-service itself (agent-api forwards these paths unchanged).
 * {@code GET /v1/archives/{id}/agents} answers agent ids only ({@code [{"id": ...}]}); agent-api expands them
 * into AgentState objects.
 */
@Path("/v1/archives")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RunOnVirtualThread
public class ArchiveResource {
  static final int DEFAULT_LIST_LIMIT = 50;

  private final ArchivalService archives;

  ArchiveResource(ArchivalService archives) {
    this.archives = archives;
  }

  /** Creates an archive. */
  @POST
  @Path("{slash: /?}")
  public ArchiveView create(ArchiveCreate request) {
    return archives.create(request).toView();
  }

  /** Lists archives, newest first unless {@code order=asc}. */
  @GET
  @Path("{slash: /?}")
  public List<ArchiveView> list(@QueryParam("before") String before, @QueryParam("after") String after,
      @QueryParam("limit") String limit, @QueryParam("order") String order, @QueryParam("name") String name,
      @QueryParam("agent_id") String agentId) {
    return archives.list(agentId, name, before, after,
        ArchivalParams.limit("limit", limit, DEFAULT_LIST_LIMIT, 1_000), ArchivalParams.ascending(order))
        .stream().map(ArchiveEntity::toView).toList();
  }

  /** One archive. */
  @GET
  @Path("/{archiveId}")
  public ArchiveView get(@PathParam("archiveId") String archiveId) {
    return archives.get(ArchivalParams.id(Ids.ARCHIVE, archiveId)).toView();
  }

  /** Renames or re-describes an archive. */
  @PATCH
  @Path("/{archiveId}")
  public ArchiveView update(@PathParam("archiveId") String archiveId, ArchiveUpdate update) {
    return archives.update(ArchivalParams.id(Ids.ARCHIVE, archiveId), update).toView();
  }

  /** Deletes an archive and its passages (204). */
  @DELETE
  @Path("/{archiveId}")
  public void delete(@PathParam("archiveId") String archiveId) {
    archives.delete(ArchivalParams.id(Ids.ARCHIVE, archiveId));
  }

  /** Ids of the agents the archive is attached to, as {@code [{"id": ...}]} (agent-api expands them). */
  @GET
  @Path("/{archiveId}/agents")
  public List<Map<String, String>> agents(@PathParam("archiveId") String archiveId,
      @QueryParam("before") String before, @QueryParam("after") String after, @QueryParam("limit") String limit,
      @QueryParam("order") String order) {
    return archives.agentsOf(ArchivalParams.id(Ids.ARCHIVE, archiveId), before, after,
        ArchivalParams.limit("limit", limit, DEFAULT_LIST_LIMIT, 1_000), ArchivalParams.ascending(order))
        .stream().map(id -> Map.of("id", id)).toList();
  }

  /** Adds one passage. */
  @POST
  @Path("/{archiveId}/passages")
  public PassageView createPassage(@PathParam("archiveId") String archiveId, PassageCreate request) {
    if (request == null) {
      throw ApiException.unprocessable("Request body is required");
    }
    ArchiveEntity archive = archives.get(ArchivalParams.id(Ids.ARCHIVE, archiveId));
    return PassageView.of(archives.insert(archive, List.of(request)).get(0), archive.embeddingConfig(), true);
  }

  /** Adds passages in one transaction (one embedding call). */
  @POST
  @Path("/{archiveId}/passages/batch")
  public List<PassageView> createPassages(@PathParam("archiveId") String archiveId, PassageBatchCreate request) {
    if (request == null || request.passages() == null) {
      throw ApiException.unprocessable("passages: Field required");
    }
    ArchiveEntity archive = archives.get(ArchivalParams.id(Ids.ARCHIVE, archiveId));
    return archives.insert(archive, request.passages()).stream()
        .map(p -> PassageView.of(p, archive.embeddingConfig(), true)).toList();
  }

  /** Deletes a passage (204, empty body). */
  @DELETE
  @Path("/{archiveId}/passages/{passageId}")
  public void deletePassage(@PathParam("archiveId") String archiveId, @PathParam("passageId") String passageId) {
    archives.deletePassage(ArchivalParams.id(Ids.ARCHIVE, archiveId), ArchivalParams.id(Ids.PASSAGE, passageId));
  }
}
