package dev.engram.agentapi.callback;

import dev.engram.platform.net.AddressPolicy;
import dev.engram.platform.rest.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;

/** Checks callback URLs: an absolute http(s) URL with a host, and no internal target when configured so. */
@ApplicationScoped
public class CallbackUrls {
  private final CallbackConfig config;

  CallbackUrls(CallbackConfig config) {
    this.config = config;
  }

  /** The URL as given, or 400 saying what is wrong with it. */
  public String validate(String url) {
    URI uri;
    try {
      uri = new URI(url.trim());
    } catch (URISyntaxException e) {
      throw ApiException.badRequest("callback_url is not a valid URL: " + e.getReason());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw ApiException.badRequest("callback_url must be an absolute http:// or https:// URL");
    }
    if (uri.getHost() == null || uri.getHost().isBlank()) {
      throw ApiException.badRequest("callback_url has no host");
    }
    String refused = refusal(uri);
    if (refused != null) {
      throw ApiException.badRequest(refused);
    }
    return url.trim();
  }

  /**
   * Why a delivery to {@code uri} is refused (an internal address while {@code block-private-addresses} is on),
   * or null when it may go.
   */
  public String refusal(URI uri) {
    if (!config.blockPrivateAddresses()) {
      return null;
    }
    String byName = AddressPolicy.refusedHost(uri.getHost());
    if (byName != null) {
      return "callback_url points to " + byName + ", which this server is configured to refuse";
    }
    try {
      for (InetAddress address : InetAddress.getAllByName(uri.getHost())) {
        String why = AddressPolicy.refusedAddress(address, false);
        if (why != null) {
          return "callback_url points to " + why + " (" + address.getHostAddress()
              + "), an internal address this server is configured to refuse";
        }
      }
      return null;
    } catch (UnknownHostException e) {
      return "callback_url host " + uri.getHost() + " does not resolve";
    }
  }
}
