package dev.engram.toolexecutor.builtin;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** The web built-ins {@code web_search} and {@code fetch_webpage} (prefix {@code engram.tool-executor.web}). */
@ConfigMapping(prefix = "engram.tool-executor.web")
public interface WebToolsConfig {

  /** Exa API key ({@code EXA_API_KEY}); without one, {@code web_search} answers that no provider is configured. */
  Optional<String> exaApiKey();

  /** Exa's search endpoint. */
  @WithDefault("https://api.exa.ai/search")
  String exaUrl();

  /** Whether {@code fetch_webpage} may fetch pages at all. */
  @WithDefault("true")
  boolean fetchEnabled();

  /**
   * Whether {@code fetch_webpage} may reach loopback, private, link-local (cloud metadata) and other non-public
   * addresses. Off in production: an agent could otherwise be talked into reading internal services.
   */
  @WithDefault("false")
  boolean allowPrivateAddresses();

  /** Time limit of one HTTP request (connect and read). */
  @WithDefault("15s")
  Duration timeout();

  /** Largest page body read, in bytes; the rest is cut. */
  @WithDefault("2000000")
  int maxBytes();
}
