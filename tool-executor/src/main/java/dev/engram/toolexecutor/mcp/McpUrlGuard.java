package dev.engram.toolexecutor.mcp;

import dev.engram.platform.rest.ApiException;
import dev.engram.platform.net.AddressPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * The SSRF guard of MCP server URLs: http(s) only, and every address the host resolves to must be public, unless
 * {@code allow-private-networks} admits loopback and private ranges. Link-local and metadata addresses never pass.
 */
@ApplicationScoped
public class McpUrlGuard {
  private final boolean allowPrivateNetworks;

  @Inject
  McpUrlGuard(McpConfig config) {
    this(config.allowPrivateNetworks());
  }

  McpUrlGuard(boolean allowPrivateNetworks) {
    this.allowPrivateNetworks = allowPrivateNetworks;
  }

  /** The parsed URL if tool-executor may connect to it; a 400 naming the reason otherwise. */
  public URI check(String url) {
    if (url == null || url.isBlank()) {
      throw ApiException.badRequest("server_url is required for sse and streamable_http MCP servers");
    }
    URI uri;
    try {
      uri = new URI(url.trim());
    } catch (URISyntaxException e) {
      throw ApiException.badRequest("server_url is not a valid URL: " + e.getReason());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw ApiException.badRequest("server_url must be an http or https URL");
    }
    String host = uri.getHost();
    if (host == null || host.isBlank()) {
      throw ApiException.badRequest("server_url has no host");
    }
    if (uri.getUserInfo() != null) {
      throw ApiException.badRequest("server_url must not carry credentials; use auth_header/auth_token");
    }
    String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    String byName = AddressPolicy.refusedHost(host);
    if (byName != null) {
      throw refused(host, byName);
    }
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(bare);
    } catch (UnknownHostException e) {
      throw ApiException.badRequest("server_url host '" + host + "' does not resolve");
    }
    for (InetAddress address : addresses) {
      String why = forbidden(address);
      if (why != null) {
        throw refused(host, why);
      }
    }
    return uri;
  }

  /** Why {@code address} is refused, or null if it is allowed. */
  String forbidden(InetAddress address) {
    return AddressPolicy.refusedAddress(address, allowPrivateNetworks);
  }

  private static ApiException refused(String host, String why) {
    return ApiException.badRequest("server_url host '" + host + "' is " + why
        + "; tool-executor does not connect there (see engram.tool-executor.mcp.allow-private-networks)");
  }
}
