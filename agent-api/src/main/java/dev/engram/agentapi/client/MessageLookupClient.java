package dev.engram.agentapi.client;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/** Resilient lookups of stored messages in step-runner, their owner. */
@ApplicationScoped
public class MessageLookupClient {
  private static final String SERVICE = "step-runner";

  private final MessageLookupRestClient rest;

  MessageLookupClient(@RestClient MessageLookupRestClient rest) {
    this.rest = rest;
  }

  /** The LettaMessages of one stored message (step-runner's 404 when there is none). */
  @Retry(maxRetries = 3, delay = 200, delayUnit = ChronoUnit.MILLIS, retryOn = DownstreamException.class)
  @Timeout(value = 10, unit = ChronoUnit.SECONDS)
  public JsonNode message(String messageId) {
    return Downstream.call(SERVICE, () -> rest.message(messageId));
  }

  /** A page of a run's LettaMessages in the requested order. */
  @Retry(maxRetries = 3, delay = 200, delayUnit = ChronoUnit.MILLIS, retryOn = DownstreamException.class)
  @Timeout(value = 10, unit = ChronoUnit.SECONDS)
  public JsonNode runMessages(String runId, String before, String after, int limit, String order) {
    return Downstream.call(SERVICE, () -> rest.runMessages(runId, before, after, limit, order));
  }
}
