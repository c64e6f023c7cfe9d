package dev.engram.agentapi.message;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.agentapi.callback.CallbackRepository;
import dev.engram.agentapi.callback.CallbackUrls;
import dev.engram.agentapi.run.Accepted;
import dev.engram.agentapi.run.RunQueryRepository;
import dev.engram.agentapi.run.RunService;
import dev.engram.agentapi.run.RunView;
import dev.engram.agentapi.run.SendCommand;
import dev.engram.contracts.Json;
import dev.engram.contracts.api.InputMessage;
import dev.engram.platform.db.Sql;
import dev.engram.platform.rest.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;

/**
 * {@code POST /v1/agents/{id}/messages/async}: accepts the send as a background run (one commit with its inbox
 * event and, if given, its webhook) and answers the Run at once; the webhook is delivered by
 * {@link dev.engram.agentapi.callback.CallbackDispatcher} when the run ends.
 */
@ApplicationScoped
public class AsyncSendService {
  /** {@code metadata.run_type} Letta gives async runs. */
  public static final String ASYNC_RUN_TYPE = "send_message_async";

  private final RunService runs;
  private final RunQueryRepository queries;
  private final CallbackRepository callbacks;
  private final CallbackUrls urls;
  private final Sql sql;

  AsyncSendService(RunService runs, RunQueryRepository queries, CallbackRepository callbacks, CallbackUrls urls,
      Sql sql) {
    this.runs = runs;
    this.queries = queries;
    this.callbacks = callbacks;
    this.urls = urls;
    this.sql = sql;
  }

  /** Validates Letta's {@code LettaAsyncRequest} and accepts it; a same-otid retry answers the first run. */
  public RunView send(String agentId, JsonNode body) {
    if (body == null || !body.isObject()) {
      throw ApiException.unprocessable("body: Input should be a valid dictionary or object");
    }
    ObjectNode fields = ((ObjectNode) body).deepCopy();
    JsonNode callback = fields.remove("callback_url");
    String callbackUrl = null;
    if (callback != null && !callback.isNull()) {
      if (!callback.isTextual()) {
        throw ApiException.unprocessable("callback_url: Input should be a valid string");
      }
      callbackUrl = urls.validate(callback.asText());
    }
    SendMessageRequest request;
    try {
      request = Json.MAPPER.treeToValue(fields, SendMessageRequest.class);
    } catch (JsonProcessingException e) {
      throw ApiException.unprocessable("Invalid request body: " + e.getOriginalMessage());
    }
    if (request.maxSteps() != null && request.maxSteps() < 1) {
      throw ApiException.unprocessable("max_steps: Input should be greater than or equal to 1");
    }
    List<InputMessage> inputs = SendRequests.inputs(request);
    SendCommand command = SendRequests.command(agentId, inputs, request, false);
    try {
      return accept(command, callbackUrl);
    } catch (Sql.DataAccessException e) {
      if (e.uniqueViolation()) {
        throw ApiException.conflict("A message otid of this request is being sent to another agent");
      }
      throw e;
    }
  }

  /** The run and its async marks (background, run type, webhook) commit together with its inbox event. */
  @Transactional
  RunView accept(SendCommand command, String callbackUrl) {
    Accepted accepted = runs.accept(command);
    String runId = accepted.run().id();
    if (accepted.created()) {
      sql.update("UPDATE runs SET background = true, metadata = metadata || jsonb_build_object('run_type', ?) "
          + "WHERE id = ?", ASYNC_RUN_TYPE, runId);
      if (callbackUrl != null) {
        callbacks.register(runId, callbackUrl);
      }
    }
    return queries.view(runId).orElseThrow(() -> ApiException.notFound("Run not found"));
  }
}
