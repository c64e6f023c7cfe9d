package dev.engram.steprunner;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Tunables of step-runner. */
@ConfigMapping(prefix = "engram.step-runner")
public interface StepRunnerConfig {

  /**
   * Name of this instance in agent leases. Keep it stable across restarts of the same replica (the
   * launcher does) so a restarted instance resumes its agents at once instead of waiting for expiry.
   */
  Optional<String> instanceId();

  /** How long an agent lease lasts without renewal; another instance takes over an expired one. */
  @WithDefault("15s")
  Duration leaseTtl();

  /** How often idle agents with pending work (e.g. after another instance died) are looked for. */
  @WithDefault("2s")
  Duration sweepInterval();

  /** Longest wait for a tool-executor result before the call returns an error to the agent. */
  @WithDefault("5m")
  Duration toolTimeout();

  /** Tool returns longer than this are cut before they enter the context (Letta's return_char_limit default). */
  @WithDefault("50000")
  int defaultReturnCharLimit();

  /**
   * Longest wait for the summarizer's answer to a context overflow; the run then fails with
   * {@code summarization_timeout} instead of stalling.
   */
  @WithDefault("60s")
  Duration summaryTimeout();

  /**
   * With token streaming, how long token deltas are collected into one MessageChunk per message part after the
   * previous batch went out (the first delta of a step goes out at once).
   */
  @WithDefault("30ms")
  Duration deltaInterval();

  /**
   * How often an instance checks whether a run it executes was cancelled through another instance (a
   * cancellation consumed here reaches its run at once).
   */
  @WithDefault("500ms")
  Duration cancelPollInterval();
}
