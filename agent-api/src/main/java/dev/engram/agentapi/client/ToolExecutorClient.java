package dev.engram.agentapi.client;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/** Resilient access to tool-executor, which owns everything that reads or runs a tool's Python source. */
@ApplicationScoped
public class ToolExecutorClient {
  private static final String SERVICE = "tool-executor";

  private final ToolExecutorRestClient rest;

  ToolExecutorClient(@RestClient ToolExecutorRestClient rest) {
    this.rest = rest;
  }

  /**
   * Letta's {@code json_schema} of function {@code name} (null: the source's last top-level function). Retried: it
   * is a pure function of the source. A bad source is tool-executor's 400, passed on with its reason.
   */
  @Retry(maxRetries = 2, delay = 200, delayUnit = ChronoUnit.MILLIS, retryOn = DownstreamException.class)
  @Timeout(value = 20, unit = ChronoUnit.SECONDS)
  public Map<String, Object> schema(String sourceCode, String name) {
    Map<String, Object> request = new HashMap<>();
    request.put("source_code", sourceCode);
    request.put("name", name);
    return Downstream.call(SERVICE, () -> rest.schema(request));
  }
}
