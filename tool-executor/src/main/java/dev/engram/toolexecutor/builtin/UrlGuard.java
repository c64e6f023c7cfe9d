package dev.engram.toolexecutor.builtin;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * A minimal SSRF guard for URLs an agent asks tool-executor to fetch: http(s) only, and every address the host
 * resolves to must be public unless private addresses are allowed. It checks names when asked, so DNS that answers
 * differently at connect time (rebinding) is not covered; an egress proxy is the real boundary (docs/security.md).
 */
public final class UrlGuard {

  /** Why a URL may not be fetched; the message is written for the agent. */
  public static class BlockedUrlException extends Exception {
    BlockedUrlException(String message) {
      super(message);
    }
  }

  /** The URL, checked; throws if it may not be fetched. */
  public static URI check(String url, boolean allowPrivate) throws BlockedUrlException {
    URI uri;
    try {
      uri = URI.create(url.strip());
    } catch (IllegalArgumentException e) {
      throw new BlockedUrlException("'" + url + "' is not a valid URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new BlockedUrlException("only http and https URLs can be fetched, not '" + url + "'");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new BlockedUrlException("'" + url + "' has no host");
    }
    if (allowPrivate) {
      return uri;
    }
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(uri.getHost());
    } catch (UnknownHostException e) {
      throw new BlockedUrlException("the host '" + uri.getHost() + "' could not be resolved");
    }
    for (InetAddress address : addresses) {
      if (!isPublic(address)) {
        throw new BlockedUrlException("'" + uri.getHost() + "' resolves to a private or local address ("
            + address.getHostAddress() + "), which this server does not fetch");
      }
    }
    return uri;
  }

  /** Not loopback, private (RFC 1918, IPv6 unique local), link-local (cloud metadata), multicast or unspecified. */
  static boolean isPublic(InetAddress a) {
    if (a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress() || a.isAnyLocalAddress()
        || a.isMulticastAddress()) {
      return false;
    }
    byte[] b = a.getAddress();
    if (a instanceof Inet6Address) {
      return (b[0] & 0xfe) != 0xfc;
    }
    int first = b[0] & 0xff;
    int second = b[1] & 0xff;
    // 100.64/10 carrier-grade NAT, 0/8 "this network", 192.0.0/24 protocol assignments, 198.18/15 benchmarking.
    return first != 0 && !(first == 100 && second >= 64 && second < 128) && !(first == 192 && second == 0
        && (b[2] & 0xff) == 0) && !(first == 198 && (second == 18 || second == 19));
  }

  private UrlGuard() {
  }
}
