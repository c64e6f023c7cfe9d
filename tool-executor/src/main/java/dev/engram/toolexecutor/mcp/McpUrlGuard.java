package dev.engram.toolexecutor.mcp;

import dev.engram.platform.rest.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;

/**
 * The SSRF guard of MCP server URLs: http(s) only, and every address the host resolves to must be public, unless
 * {@code allow-private-networks} admits loopback and private ranges. Link-local and metadata addresses never pass.
 */
@ApplicationScoped
public class McpUrlGuard {
  /** Host names of cloud metadata services, refused before resolution. */
  private static final Set<String> METADATA_HOSTS = Set.of("metadata.google.internal", "metadata", "instance-data",
      "metadata.azure.com");
  /** Metadata addresses outside the link-local ranges (Alibaba Cloud, AWS IPv6 over Nitro). */
  private static final Set<String> METADATA_ADDRESSES = Set.of("100.100.100.200", "fd00:ec2:0:0:0:0:0:254");

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
    if (METADATA_HOSTS.contains(bare.toLowerCase(Locale.ROOT))) {
      throw refused(host, "a cloud metadata service");
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
    if (METADATA_ADDRESSES.contains(address.getHostAddress())) {
      return "a cloud metadata address";
    }
    if (address.isLinkLocalAddress()) {
      return "a link-local address (169.254.0.0/16, fe80::/10, where cloud metadata services live)";
    }
    if (allowPrivateNetworks) {
      return null;
    }
    if (address.isLoopbackAddress()) {
      return "a loopback address";
    }
    if (address.isAnyLocalAddress()) {
      return "an unspecified address";
    }
    if (address.isSiteLocalAddress() || uniqueLocal(address) || carrierGradeNat(address)) {
      return "a private network address";
    }
    return null;
  }

  private static boolean uniqueLocal(InetAddress address) {
    return address instanceof Inet6Address && (address.getAddress()[0] & 0xfe) == 0xfc;
  }

  private static boolean carrierGradeNat(InetAddress address) {
    byte[] b = address.getAddress();
    return address instanceof Inet4Address && (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64;
  }

  private static ApiException refused(String host, String why) {
    return ApiException.badRequest("server_url host '" + host + "' is " + why
        + "; tool-executor does not connect there (see engram.tool-executor.mcp.allow-private-networks)");
  }
}
