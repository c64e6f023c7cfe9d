package dev.engram.steprunner.loop;

import dev.engram.steprunner.StepRunnerConfig;
import dev.engram.steprunner.context.ContextWindows;
import dev.engram.steprunner.persistence.LeaseRepository;
import dev.engram.steprunner.persistence.QueueRepository;
import dev.engram.steprunner.persistence.QueueRepository.QueuedRun;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.lang.management.ManagementFactory;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.MDC;

/**
 * One virtual thread per agent with work: it drains that agent's queue in order, so an agent never
 * runs two runs at once and a slow model call of one agent never delays another. A lease in
 * PostgreSQL makes sure only one instance drives an agent; a sweeper adopts agents whose owner died.
 */
@ApplicationScoped
public class AgentScheduler {
  private final QueueRepository queue;
  private final LeaseRepository leases;
  private final RunExecutor executor;
  private final StepRunnerConfig config;
  private final ContextWindows windows;
  private final String instanceId;
  private final Set<String> active = ConcurrentHashMap.newKeySet();
  /** Agents signalled since their worker last looked at the queue (a signal its worker must not miss). */
  private final Set<String> wakes = ConcurrentHashMap.newKeySet();
  private final AtomicLong pending = new AtomicLong();
  private volatile boolean running;
  private Thread sweeper;

  AgentScheduler(QueueRepository queue, LeaseRepository leases, RunExecutor executor, StepRunnerConfig config,
      ContextWindows windows, MeterRegistry meters,
      @ConfigProperty(name = "quarkus.http.port", defaultValue = "8284") int port) {
    this.windows = windows;
    this.queue = queue;
    this.leases = leases;
    this.executor = executor;
    this.config = config;
    this.instanceId = config.instanceId().orElse(ManagementFactory.getRuntimeMXBean().getName() + ":" + port);
    Gauge.builder("engram.queue.depth", pending, AtomicLong::get)
        .description("Runs accepted but not finished").register(meters);
    Gauge.builder("engram.agents.active", active, Set::size)
        .description("Agents with a worker on this instance").register(meters);
  }

  void start(@Observes StartupEvent ignored) {
    running = true;
    sweeper = Thread.ofPlatform().name("agent-sweeper").daemon().start(this::sweep);
  }

  void stop(@Observes ShutdownEvent ignored) {
    running = false;
    if (sweeper != null) {
      sweeper.interrupt();
    }
  }

  /** Makes sure the agent's queue is being drained (called after a run was queued). */
  public void signal(String agentId) {
    wakes.add(agentId);
    if (active.add(agentId)) {
      Thread.ofVirtual().name("agent-" + agentId).start(() -> drain(agentId));
    }
  }

  private void drain(String agentId) {
    MDC.put("agent_id", agentId);
    boolean drained = false;
    // When this worker last claimed the lease; within half its TTL no other instance can have taken the agent.
    long claimedAt = 0;
    boolean claimed = false;
    long fresh = config.leaseTtl().toNanos() / 2;
    try {
      while (running) {
        if (!claimed || System.nanoTime() - claimedAt > fresh) {
          long claiming = System.nanoTime();
          OptionalLong epoch = leases.claim(agentId, instanceId, config.leaseTtl());
          if (epoch.isEmpty()) {
            // Another instance drives this agent; the sweeper adopts it if that instance dies. Its worker looks at
            // the queue before it lets the lease go, so this instance's signal needs no keeping.
            wakes.remove(agentId);
            return;
          }
          claimed = true;
          claimedAt = claiming;
          // Another instance drove this agent since this one last did: its cached context is stale.
          windows.validate(agentId, epoch.getAsLong());
        }
        wakes.remove(agentId);
        // Released in the same statement that finds the queue empty: a run another instance queued meanwhile
        // (whose claim waited for this lease) is not stranded.
        LeaseRepository.Next next = leases.nextOrRelease(agentId, instanceId);
        if (next.run().isEmpty()) {
          drained = next.released();
          return;
        }
        QueuedRun run = next.run().get();
        MDC.put("run_id", run.runId());
        Thread renewer = Thread.ofVirtual().start(() -> renewWhileRunning(agentId));
        try {
          executor.execute(run.event(), run.started());
        } finally {
          renewer.interrupt();
          MDC.remove("run_id");
        }
      }
    } catch (RuntimeException e) {
      Log.errorf(e, "Worker of agent %s stopped; the sweeper will retry", agentId);
    } finally {
      active.remove(agentId);
      MDC.remove("agent_id");
      // A run this instance queued after the last look at the queue, signalled while this worker was still
      // active, must not be stranded.
      if (drained && running && wakes.contains(agentId)) {
        signal(agentId);
      }
    }
  }

  private void renewWhileRunning(String agentId) {
    long every = Math.max(500, config.leaseTtl().toMillis() / 3);
    try {
      while (!Thread.currentThread().isInterrupted()) {
        Thread.sleep(every);
        leases.claim(agentId, instanceId, config.leaseTtl());
      }
    } catch (InterruptedException done) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      Log.warnf("Could not renew the lease of agent %s: %s", agentId, e.getMessage());
    }
  }

  private void sweep() {
    while (running) {
      try {
        pending.set(queue.pendingCount());
        for (String agentId : queue.orphanedAgents(instanceId, 500)) {
          signal(agentId);
        }
        Thread.sleep(config.sweepInterval().toMillis());
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        Log.warnf("Agent sweep failed: %s", e.getMessage());
        try {
          Thread.sleep(config.sweepInterval().toMillis());
        } catch (InterruptedException stop) {
          return;
        }
      }
    }
  }

  /** This instance's name in leases. */
  public String instanceId() {
    return instanceId;
  }
}
