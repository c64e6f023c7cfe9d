package dev.engram.toolexecutor.mcp;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** How tool-executor reaches MCP servers (prefix {@code engram.tool-executor.mcp}); see docs/security.md. */
@ConfigMapping(prefix = "engram.tool-executor.mcp")
public interface McpConfig {

  /**
   * Whether server URLs may point at loopback, private (RFC 1918, unique-local), CGNAT or unspecified addresses.
   * Link-local and cloud metadata addresses are refused whatever this says.
   */
  @WithDefault("false")
  boolean allowPrivateNetworks();

  /** Whether stdio servers may be registered: each runs a command of the client's choosing as this service's user. */
  @WithDefault("true")
  boolean allowStdio();

  /** Time allowed to connect to a server and complete the MCP handshake. */
  @WithDefault("10s")
  Duration connectTimeout();

  /** Time allowed for one request (list tools, call a tool); a tool call that takes longer is an error return. */
  @WithDefault("30s")
  Duration requestTimeout();

  /** A session unused this long is closed (a stdio server's process stops); keep it above request-timeout. */
  @WithDefault("10m")
  Duration idleTimeout();

  /**
   * The AES key (base64 of 16, 24 or 32 bytes) that encrypts stored secrets. Without it a key is generated once and
   * kept in {@link #keyFile()}; every instance of a multi-instance deployment must be given the same key.
   */
  Optional<String> secretKey();

  /** Where the generated key is kept when {@link #secretKey()} is absent; {@code ~/.engram/mcp-secret.key} by default. */
  Optional<String> keyFile();
}
