package dev.engram.platform.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Locale;
import java.util.Set;

/**
 * Where Engram connects on behalf of users and agents (the SSRF guard of MCP server URLs, {@code fetch_webpage} and
 * run callbacks): cloud metadata services and link-local addresses never; loopback, unspecified, private,
 * carrier-grade NAT, multicast and reserved ranges only when private networks are allowed. Names are checked
 * when resolved here, so DNS that answers differently at connect time (rebinding) is not covered; an egress
 * proxy is the real boundary (docs/security.md).
 */
public final class AddressPolicy {
  /** Host names of cloud metadata services, refused before resolution. */
  private static final Set<String> METADATA_HOSTS = Set.of("metadata.google.internal", "metadata", "instance-data",
      "metadata.azure.com");
  /** Metadata addresses outside the link-local ranges (Alibaba Cloud, AWS IPv6 over Nitro). */
  private static final Set<String> METADATA_ADDRESSES = Set.of("100.100.100.200", "fd00:ec2:0:0:0:0:0:254");

  /** Why a host is refused by its name alone (a metadata service), or null. */
  public static String refusedHost(String host) {
    String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    return METADATA_HOSTS.contains(bare.toLowerCase(Locale.ROOT)) ? "a cloud metadata service" : null;
  }

  /** Why {@code address} is refused, or null if tool-executor may connect to it. */
  public static String refusedAddress(InetAddress address, boolean allowPrivate) {
    if (METADATA_ADDRESSES.contains(address.getHostAddress())) {
      return "a cloud metadata address";
    }
    if (address.isLinkLocalAddress()) {
      return "a link-local address (169.254.0.0/16, fe80::/10, where cloud metadata services live)";
    }
    if (allowPrivate) {
      return null;
    }
    if (address.isLoopbackAddress()) {
      return "a loopback address";
    }
    if (address.isAnyLocalAddress()) {
      return "an unspecified address";
    }
    if (address.isMulticastAddress()) {
      return "a multicast address";
    }
    if (address.isSiteLocalAddress() || uniqueLocal(address) || reservedIpv4(address)) {
      return "a private network address";
    }
    return null;
  }

  private static boolean uniqueLocal(InetAddress address) {
    return address instanceof Inet6Address && (address.getAddress()[0] & 0xfe) == 0xfc;
  }

  /** 0/8 "this network", 100.64/10 carrier-grade NAT, 192.0.0/24 protocol assignments, 198.18/15 benchmarking. */
  private static boolean reservedIpv4(InetAddress address) {
    if (!(address instanceof Inet4Address)) {
      return false;
    }
    byte[] b = address.getAddress();
    int first = b[0] & 0xff;
    int second = b[1] & 0xff;
    return first == 0 || (first == 100 && (second & 0xc0) == 64) || (first == 192 && second == 0 && b[2] == 0)
        || (first == 198 && (second == 18 || second == 19));
  }

  private AddressPolicy() {
  }
}
