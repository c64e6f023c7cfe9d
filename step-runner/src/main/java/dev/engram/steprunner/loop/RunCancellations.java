package dev.engram.steprunner.loop;

import dev.engram.contracts.events.RunCancellationRequested;
import dev.engram.steprunner.StepRunnerConfig;
import dev.engram.steprunner.persistence.CancellationRepository;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Cancellation of runs across instances. A request is recorded in the agent queue (queued runs end there
 * and then; running ones are flagged). The run's worker holds a {@link RunCancellation} token: it is completed
 * at once when the request is consumed on the instance running the run, and otherwise by a poller that looks
 * up the flags of this instance's running runs in one query every {@code cancel-poll-interval}.
 */
@ApplicationScoped
public class RunCancellations {
  private final CancellationService service;
  private final CancellationRepository repository;
  private final StepRunnerConfig config;
  private final Map<String, RunCancellation> running = new ConcurrentHashMap<>();
  private volatile boolean polling;
  private Thread poller;

  RunCancellations(CancellationService service, CancellationRepository repository, StepRunnerConfig config) {
    this.service = service;
    this.repository = repository;
    this.config = config;
  }

  void start(@Observes StartupEvent ignored) {
    polling = true;
    poller = Thread.ofPlatform().name("cancellation-poller").daemon().start(this::poll);
  }

  void stop(@Observes ShutdownEvent ignored) {
    polling = false;
    if (poller != null) {
      poller.interrupt();
    }
  }

  /** Applies a client's cancellation request (idempotent) and reaches the runs it flagged that execute here. */
  public void request(RunCancellationRequested request) {
    for (String runId : service.cancel(request)) {
      RunCancellation token = running.get(runId);
      if (token != null) {
        token.cancel();
      }
    }
  }

  /**
   * The token of a run this instance is about to execute; already cancelled when a request was recorded before
   * (e.g. while another instance ran it). Release it when the run ends.
   */
  public RunCancellation watch(String runId) {
    RunCancellation token = new RunCancellation(runId);
    running.put(runId, token);
    if (!repository.requested(List.of(runId)).isEmpty()) {
      token.cancel();
    }
    return token;
  }

  /** Whether a run executing on this instance was cancelled (a slow tool's wait gives up then). */
  public boolean cancelled(String runId) {
    RunCancellation token = running.get(runId);
    return token != null && token.cancelled();
  }

  /** Stops watching a run that ended. */
  public void release(RunCancellation token) {
    running.remove(token.runId(), token);
  }

  private void poll() {
    while (polling) {
      try {
        Thread.sleep(config.cancelPollInterval().toMillis());
        if (!running.isEmpty()) {
          for (String runId : repository.requested(List.copyOf(running.keySet()))) {
            RunCancellation token = running.get(runId);
            if (token != null) {
              token.cancel();
            }
          }
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        Log.warnf("Cancellation poll failed: %s", e.getMessage());
      }
    }
  }
}
