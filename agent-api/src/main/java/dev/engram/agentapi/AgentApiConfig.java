package dev.engram.agentapi;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Tunables of agent-api. */
@ConfigMapping(prefix = "engram.agent-api")
public interface AgentApiConfig {

  /**
   * Longest a non-streaming {@code POST /v1/agents/{id}/messages} waits for its run to end. Past it
   * the client gets 504 with the run id to poll; the run itself goes on.
   */
  @WithDefault("10m")
  Duration syncResponseTimeout();

  /**
   * How often a waiting send re-reads its run from the database. The run's terminal event normally
   * wakes it at once; this only bounds the delay when that wake-up was missed (e.g. it reached
   * another instance while this one's notify consumer was still joining).
   */
  @WithDefault("2s")
  Duration syncPollInterval();

  /**
   * The shared token other Engram services present ({@code X-Engram-Internal-Token}) to read agents' secrets from
   * {@code /internal/agents/{id}/secrets}, which is served on the public port. Unset: nobody can read them, and
   * custom tools run without their agent's secrets.
   */
  Optional<String> internalToken();

  /** How long a run's stream log stays resumable ({@code POST /v1/runs/{id}/stream}); older logs are purged. */
  @WithDefault("24h")
  Duration streamRetention();

  /** How often this instance deletes stream logs older than {@link #streamRetention()}. */
  @WithDefault("15m")
  Duration streamPurgeInterval();

  /** Silence after which an open stream sends a keepalive ping (Letta's {@code keepalive_interval}). */
  @WithDefault("20s")
  Duration streamKeepalive();

  /**
   * How long after a run's recorded end a stream waits for the run's end marker in its log before it ends the
   * stream from the run record alone (a run ended without a terminal run event, e.g. before this version).
   */
  @WithDefault("10s")
  Duration streamEndGrace();
}
