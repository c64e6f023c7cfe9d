package dev.engram.agentapi.rest;

import dev.engram.agentapi.step.StepMetricsView;
import dev.engram.agentapi.step.StepQuery;
import dev.engram.agentapi.step.StepRepository;
import dev.engram.agentapi.step.StepView;
import dev.engram.agentapi.step.StoredStep;
import dev.engram.contracts.Ids;
import dev.engram.platform.rest.ApiException;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;

/** Letta's steps endpoints over the steps read model (fed by step-runner's {@code StepCompleted}). */
@Path("/v1/steps")
@Produces(MediaType.APPLICATION_JSON)
@RunOnVirtualThread
public class StepsResource {
  private static final int DEFAULT_LIMIT = 50;

  private final StepRepository steps;

  StepsResource(StepRepository steps) {
    this.steps = steps;
  }

  @GET
  public List<StepView> list(@QueryParam("agent_id") String agentId, @QueryParam("model") String model,
      @QueryParam("start_date") String startDate, @QueryParam("end_date") String endDate,
      @QueryParam("before") String before, @QueryParam("after") String after, @QueryParam("limit") String limit,
      @QueryParam("order") String order, @QueryParam("order_by") String orderBy,
      @QueryParam("feedback") String feedback, @QueryParam("has_feedback") String hasFeedback,
      @QueryParam("tags") List<String> tags, @QueryParam("trace_ids") List<String> traceIds) {
    RunDetailsResource.checkOrderBy(orderBy);
    // Engram records no feedback, tags or traces on steps: such a filter matches nothing, as it would in Letta.
    boolean impossible = (feedback != null && !feedback.isBlank()) || Params.bool("has_feedback", hasFeedback)
        || !Params.list(tags).isEmpty() || !Params.list(traceIds).isEmpty();
    if (impossible) {
      return List.of();
    }
    Integer size = Params.positiveInt("limit", limit);
    String agent = agentId == null || agentId.isBlank() ? null : Params.id(Ids.AGENT, agentId);
    return steps.list(new StepQuery(agent, null, RunDetailsResource.blank(model), date("start_date", startDate),
        date("end_date", endDate), RunDetailsResource.blank(before), RunDetailsResource.blank(after),
        size == null ? DEFAULT_LIMIT : Math.min(size, 1000), Params.ascending(order)))
        .stream().map(StoredStep::view).toList();
  }

  @GET
  @Path("/{stepId}")
  public StepView get(@PathParam("stepId") String stepId) {
    return find(stepId).view();
  }

  @GET
  @Path("/{stepId}/metrics")
  public StepMetricsView metrics(@PathParam("stepId") String stepId) {
    return find(stepId).metrics();
  }

  @GET
  @Path("/{stepId}/trace")
  public Object trace(@PathParam("stepId") String stepId) {
    find(stepId);
    throw new ApiException(501, "Step traces (the provider's raw request and response) are not recorded by Engram");
  }

  @GET
  @Path("/{stepId}/messages")
  public Object messages(@PathParam("stepId") String stepId) {
    throw new ApiException(501, "Listing a step's messages is not available in Engram; use GET /v1/runs/"
        + find(stepId).runId() + "/messages");
  }

  @PATCH
  @Path("/{stepId}/feedback")
  public Object feedback(@PathParam("stepId") String stepId) {
    find(stepId);
    throw new ApiException(501, "Step feedback is not recorded by Engram");
  }

  private StoredStep find(String stepId) {
    return steps.find(Params.id(Ids.STEP, stepId)).orElseThrow(() -> ApiException.notFound("Step not found"));
  }

  private static Instant date(String name, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value.trim()).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return Instant.parse(value.trim());
      } catch (DateTimeParseException again) {
        throw ApiException.unprocessable(name + ": Input should be an ISO 8601 datetime with an offset, e.g. "
            + "2025-01-29T15:01:19-08:00");
      }
    }
  }
}
