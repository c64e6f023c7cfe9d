package dev.engram.agentapi.callback;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Tunables of the webhooks of async runs ({@code callback_url}). */
@ConfigMapping(prefix = "engram.agent-api.callbacks")
public interface CallbackConfig {

  /** How often each instance looks for ended runs whose webhook is due. */
  @WithDefault("1s")
  Duration pollInterval();

  /** Longest one POST to a callback URL may take (connect plus answer); Letta allows a few seconds too. */
  @WithDefault("10s")
  Duration requestTimeout();

  /** Attempts per run before the webhook is given up ({@code callback_error} keeps the last failure). */
  @WithDefault("5")
  int maxAttempts();

  /** Wait before the second attempt; it doubles after each failure up to {@link #maxBackoff()}. */
  @WithDefault("2s")
  Duration initialBackoff();

  /** Longest wait between two attempts. */
  @WithDefault("5m")
  Duration maxBackoff();

  /**
   * How long an instance owns a claimed delivery. Longer than {@link #requestTimeout()}, so another replica only
   * takes a delivery over when the claiming instance died mid-attempt.
   */
  @WithDefault("1m")
  Duration claimLease();

  /** Deliveries one instance claims per poll. */
  @WithDefault("20")
  int batchSize();

  /**
   * Refuse callback URLs whose host is a loopback, link-local, site-local (private) or wildcard address, at
   * request time and again at delivery (DNS may change). Off by default: a self-hosted server often calls back
   * to its own machine or network.
   */
  @WithDefault("false")
  boolean blockPrivateAddresses();
}
