package dev.engram.toolexecutor.builtin;

import dev.engram.platform.net.AddressPolicy;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;

/** The check of URLs an agent asks tool-executor to fetch: http(s) only, then {@link AddressPolicy}. */
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
    String byName = AddressPolicy.refusedHost(uri.getHost());
    if (byName != null) {
      throw new BlockedUrlException("'" + uri.getHost() + "' is " + byName + ", which this server does not fetch");
    }
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(uri.getHost());
    } catch (UnknownHostException e) {
      throw new BlockedUrlException("the host '" + uri.getHost() + "' could not be resolved");
    }
    for (InetAddress address : addresses) {
      String why = AddressPolicy.refusedAddress(address, allowPrivate);
      if (why != null) {
        throw new BlockedUrlException("'" + uri.getHost() + "' resolves to " + why + " ("
            + address.getHostAddress() + "), a private or local address this server does not fetch");
      }
    }
    return uri;
  }

  private UrlGuard() {
  }
}
