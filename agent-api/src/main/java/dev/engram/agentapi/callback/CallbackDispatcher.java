package dev.engram.agentapi.callback;

import dev.engram.contracts.Json;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Delivers the webhooks of ended async runs. Driven by the {@code runs} table, not by memory: every instance polls
 * for due deliveries, claims them in one statement (so replicas never send the same attempt twice), POSTs, and
 * records the answer on the run; failures are retried with doubling backoff up to a bound. A delivery claimed by
 * an instance that dies is taken over when its lease ends, so webhooks survive restarts.
 */
@ApplicationScoped
public class CallbackDispatcher {
  private final CallbackRepository callbacks;
  private final CallbackUrls urls;
  private final CallbackConfig config;
  private final MeterRegistry meters;
  private final HttpClient http;
  private ScheduledExecutorService poller;

  CallbackDispatcher(CallbackRepository callbacks, CallbackUrls urls, CallbackConfig config, MeterRegistry meters) {
    this.callbacks = callbacks;
    this.urls = urls;
    this.config = config;
    this.meters = meters;
    this.http = HttpClient.newBuilder().connectTimeout(config.requestTimeout())
        .followRedirects(HttpClient.Redirect.NEVER).executor(Executors.newVirtualThreadPerTaskExecutor()).build();
  }

  void start(@Observes StartupEvent event) {
    poller = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("callback-poller").factory());
    long every = config.pollInterval().toMillis();
    poller.scheduleWithFixedDelay(this::pollSafely, every, every, TimeUnit.MILLISECONDS);
  }

  void stop(@Observes ShutdownEvent event) {
    if (poller != null) {
      poller.shutdownNow();
    }
  }

  /** Claims and delivers the due webhooks once; returns how many were attempted. */
  public int deliverDue() {
    List<DueCallback> due = callbacks.claimDue(config.batchSize(), config.claimLease());
    // One virtual thread per delivery: a slow receiver must not hold up the others.
    try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
      for (DueCallback callback : due) {
        executor.submit(() -> deliverLogged(callback));
      }
    }
    return due.size();
  }

  private void pollSafely() {
    try {
      deliverDue();
    } catch (RuntimeException e) {
      // A database hiccup: the claims (if any were made) expire and the next poll tries again.
      Log.warnf("Delivering run callbacks failed: %s", e.getMessage());
    }
  }

  private void deliverLogged(DueCallback callback) {
    try {
      deliver(callback);
    } catch (RuntimeException e) {
      // Recording the attempt failed (a database hiccup): the claim expires and a later poll tries again, until the
      // attempt count says to give up.
      Log.warnf(e, "Delivering the callback of run %s (attempt %d) failed", callback.runId(), callback.attempt());
    }
  }

  private void deliver(DueCallback callback) {
    if (callback.attempt() > config.maxAttempts()) {
      // Earlier attempts were made but could not be recorded; do not send again.
      callbacks.recordAttempt(callback.runId(), Instant.now(), null, "Gave up after " + config.maxAttempts()
          + " attempts whose outcome could not be recorded", CallbackRepository.FAILED, null);
      return;
    }
    Instant sentAt = Instant.now();
    Integer status = null;
    String error = null;
    try {
      URI uri = URI.create(callback.url());
      error = urls.refusal(uri);
      if (error == null) {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(config.requestTimeout())
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(Json.write(payload(callback)))).build();
        HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
        status = response.statusCode();
        if (status < 200 || status >= 300) {
          error = "Callback endpoint answered HTTP " + status;
        }
      }
    } catch (IOException | IllegalArgumentException e) {
      error = "Callback request failed: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      // Shutting down: the claim expires and another instance (or this one after a restart) retries.
      return;
    }
    boolean delivered = error == null;
    boolean giveUp = !delivered && callback.attempt() >= config.maxAttempts();
    String state = delivered ? CallbackRepository.DELIVERED : giveUp ? CallbackRepository.FAILED : "pending";
    Instant next = delivered || giveUp ? null : Instant.now().plus(backoff(config, callback.attempt()));
    callbacks.recordAttempt(callback.runId(), sentAt, status, error, state, next);
    meters.counter("engram.agent_api.run_callback", "outcome", delivered ? "delivered" : giveUp ? "failed" : "retry")
        .increment();
    if (!delivered) {
      Log.infof("Callback of run %s (attempt %d) failed: %s%s", callback.runId(), callback.attempt(), error,
          giveUp ? "; giving up" : "");
    }
  }

  /** The wait after the {@code attempt}-th failed attempt: initial, doubled each time, capped. */
  static Duration backoff(CallbackConfig config, int attempt) {
    Duration wait = config.initialBackoff();
    for (int i = 1; i < attempt && wait.compareTo(config.maxBackoff()) < 0; i++) {
      wait = wait.multipliedBy(2);
    }
    return wait.compareTo(config.maxBackoff()) > 0 ? config.maxBackoff() : wait;
  }

  /** The body Letta POSTs when a run ends ({@code run_id}, status, completion time, metadata) plus its agent and stop reason. */
  static Map<String, Object> payload(DueCallback callback) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("run_id", callback.runId());
    body.put("status", callback.status());
    body.put("completed_at", callback.completedAt() == null ? null : callback.completedAt().toString());
    body.put("metadata", callback.metadata());
    body.put("agent_id", callback.agentId());
    body.put("stop_reason", callback.stopReason());
    return body;
  }
}
