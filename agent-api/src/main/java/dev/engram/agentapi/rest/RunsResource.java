package dev.engram.agentapi.rest;

import dev.engram.agentapi.run.RunFilter;
import dev.engram.agentapi.run.RunQueryRepository;
import dev.engram.agentapi.run.RunView;
import dev.engram.contracts.Ids;
import dev.engram.platform.rest.ApiException;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** Letta's runs endpoints (read model). */
@Path("/v1/runs")
@Produces(MediaType.APPLICATION_JSON)
@RunOnVirtualThread
public class RunsResource {
  private final RunQueryRepository queries;

  RunsResource(RunQueryRepository queries) {
    this.queries = queries;
  }

  @GET
  public List<RunView> list(@QueryParam("agent_id") String agentId, @QueryParam("agent_ids") List<String> agentIds,
      @QueryParam("statuses") List<String> statuses, @QueryParam("background") String background,
      @QueryParam("stop_reason") String stopReason, @QueryParam("active") String active,
      @QueryParam("conversation_id") String conversationId, @QueryParam("before") String before,
      @QueryParam("after") String after, @QueryParam("limit") String limit, @QueryParam("order") String order,
      @QueryParam("order_by") String orderBy, @QueryParam("ascending") String ascending) {
    return queries.list(RunListParams.filter(agentId, agentIds, statuses, background, stopReason, active,
        conversationId, before, after, limit, order, orderBy, ascending));
  }

  /** Letta's deprecated {@code GET /v1/runs/active}: the created and running runs, newest first. */
  @GET
  @Path("/active")
  public List<RunView> active(@QueryParam("agent_id") String agentId) {
    return queries.list(RunListParams.filter(agentId, null, null, null, null, "true", null, null, null, null, null,
        null, null));
  }

  @GET
  @Path("/{runId}")
  public RunView get(@PathParam("runId") String runId) {
    return find(runId);
  }

  /** Deletes an ended run with its steps; an active run must be cancelled first (409). */
  @DELETE
  @Path("/{runId}")
  public RunView delete(@PathParam("runId") String runId) {
    RunView run = find(runId);
    if (!run.status().terminal()) {
      throw ApiException.conflict("Run " + runId + " is still " + run.status().wire()
          + "; cancel it (POST /v1/agents/" + run.agentId() + "/messages/cancel) before deleting it");
    }
    queries.delete(runId);
    return run;
  }

  private RunView find(String runId) {
    return queries.view(Params.id(Ids.RUN, runId)).orElseThrow(() -> ApiException.notFound("Run not found"));
  }
}
