package dev.engram.agentapi.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.agentapi.client.MessageLookupClient;
import dev.engram.agentapi.run.RunMetricsView;
import dev.engram.agentapi.run.RunQueryRepository;
import dev.engram.agentapi.run.RunRecord;
import dev.engram.agentapi.run.RunService;
import dev.engram.agentapi.run.RunUsageView;
import dev.engram.agentapi.step.StepQuery;
import dev.engram.agentapi.step.StepRepository;
import dev.engram.agentapi.step.StepView;
import dev.engram.agentapi.step.StoredStep;
import dev.engram.contracts.Ids;
import dev.engram.platform.rest.ApiException;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** The parts of one run: its messages, usage, steps and metrics (each its own path under {@code /v1/runs/{id}}). */
public final class RunDetailsResource {

  /** {@code GET /v1/runs/{id}/messages}: the run's messages from step-runner, oldest first by default. */
  @Path("/v1/runs/{runId}/messages")
  @Produces(MediaType.APPLICATION_JSON)
  @RunOnVirtualThread
  public static class Messages {
    private final RunService runs;
    private final MessageLookupClient lookups;

    Messages(RunService runs, MessageLookupClient lookups) {
      this.runs = runs;
      this.lookups = lookups;
    }

    @GET
    public JsonNode list(@PathParam("runId") String runId, @QueryParam("before") String before,
        @QueryParam("after") String after, @QueryParam("limit") String limit, @QueryParam("order") String order,
        @QueryParam("order_by") String orderBy) {
      runs.get(Params.id(Ids.RUN, runId));
      checkOrderBy(orderBy);
      Integer size = Params.positiveInt("limit", limit);
      boolean ascending = order == null || Params.ascending(order);
      return lookups.runMessages(runId, before, after, size == null ? 100 : Math.min(size, 1000),
          ascending ? "asc" : "desc");
    }
  }

  /** {@code GET /v1/runs/{id}/usage}: the run's token counts (its steps' so far while it runs). */
  @Path("/v1/runs/{runId}/usage")
  @Produces(MediaType.APPLICATION_JSON)
  @RunOnVirtualThread
  public static class Usage {
    private final RunService runs;
    private final StepRepository steps;

    Usage(RunService runs, StepRepository steps) {
      this.runs = runs;
      this.steps = steps;
    }

    @GET
    public RunUsageView usage(@PathParam("runId") String runId) {
      RunRecord run = runs.get(Params.id(Ids.RUN, runId));
      if (run.usage() != null) {
        return new RunUsageView(run.usage().completionTokens(), run.usage().promptTokens(),
            run.usage().totalTokens());
      }
      List<StoredStep> done = steps.ofRun(runId);
      return new RunUsageView(done.stream().mapToInt(StoredStep::completionTokens).sum(),
          done.stream().mapToInt(StoredStep::promptTokens).sum(), done.stream().mapToInt(StoredStep::totalTokens).sum());
    }
  }

  /** {@code GET /v1/runs/{id}/steps}: the run's committed steps, newest first by default. */
  @Path("/v1/runs/{runId}/steps")
  @Produces(MediaType.APPLICATION_JSON)
  @RunOnVirtualThread
  public static class Steps {
    private final RunService runs;
    private final StepRepository steps;

    Steps(RunService runs, StepRepository steps) {
      this.runs = runs;
      this.steps = steps;
    }

    @GET
    public List<StepView> list(@PathParam("runId") String runId, @QueryParam("before") String before,
        @QueryParam("after") String after, @QueryParam("limit") String limit, @QueryParam("order") String order,
        @QueryParam("order_by") String orderBy) {
      runs.get(Params.id(Ids.RUN, runId));
      checkOrderBy(orderBy);
      Integer size = Params.positiveInt("limit", limit);
      return steps.list(new StepQuery(null, runId, null, null, null, blank(before), blank(after),
          size == null ? 100 : Math.min(size, 1000), Params.ascending(order))).stream().map(StoredStep::view).toList();
    }
  }

  /** {@code GET /v1/runs/{id}/metrics}: start, duration and step count of the run. */
  @Path("/v1/runs/{runId}/metrics")
  @Produces(MediaType.APPLICATION_JSON)
  @RunOnVirtualThread
  public static class Metrics {
    private final RunService runs;
    private final StepRepository steps;

    Metrics(RunService runs, StepRepository steps) {
      this.runs = runs;
      this.steps = steps;
    }

    @GET
    public RunMetricsView metrics(@PathParam("runId") String runId) {
      RunRecord run = runs.get(Params.id(Ids.RUN, runId));
      Instant start = run.startedAt() == null ? run.createdAt() : run.startedAt();
      Long runNs = run.completedAt() == null ? null : Duration.between(start, run.completedAt()).toNanos();
      return new RunMetricsView(run.id(), run.agentId(), ChronoUnit.NANOS.between(Instant.EPOCH, start), runNs,
          steps.ofRun(runId).size());
    }
  }

  /** {@code GET /v1/runs/{id}/trace}: Letta answers 501 without its trace store; Engram records no traces. */
  @Path("/v1/runs/{runId}/trace")
  @Produces(MediaType.APPLICATION_JSON)
  @RunOnVirtualThread
  public static class Trace {
    private final RunService runs;

    Trace(RunService runs) {
      this.runs = runs;
    }

    @GET
    public Object trace(@PathParam("runId") String runId) {
      runs.get(Params.id(Ids.RUN, runId));
      throw new ApiException(501, "Run traces are not recorded by Engram; see GET /v1/runs/" + runId
          + "/steps and /metrics for timings");
    }
  }

  static void checkOrderBy(String orderBy) {
    if (orderBy != null && !orderBy.equals("created_at")) {
      throw ApiException.unprocessable("order_by: Input should be 'created_at'");
    }
  }

  static String blank(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  private RunDetailsResource() {
  }
}
