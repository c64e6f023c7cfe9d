package dev.engram.toolexecutor.builtin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class UrlGuardTest {

  @Test
  void refusesLocalPrivateAndMetadataAddresses() {
    for (String url : new String[] {"http://127.0.0.1:8283/internal/agents", "http://169.254.169.254/latest/meta-data",
        "http://10.1.2.3/", "http://192.168.0.1/", "http://172.16.5.4/", "http://[::1]/", "http://[fd00::1]/",
        "http://0.0.0.0/", "http://100.64.0.1/", "http://localhost/"}) {
      assertThatThrownBy(() -> UrlGuard.check(url, false)).as(url)
          .isInstanceOf(UrlGuard.BlockedUrlException.class).hasMessageContaining("private or local address");
    }
  }

  @Test
  void allowsPublicAddressesAndOnlyHttp() throws Exception {
    assertThat(UrlGuard.check("https://93.184.216.34/page", false).getHost()).isEqualTo("93.184.216.34");
    assertThatThrownBy(() -> UrlGuard.check("file:///etc/passwd", false)).hasMessageContaining("only http");
    assertThatThrownBy(() -> UrlGuard.check("http:///nohost", false)).hasMessageContaining("no host");
    assertThat(UrlGuard.check("http://127.0.0.1/", true).getPort()).isEqualTo(-1);
  }

  @Test
  void metadataServicesAreRefusedEvenWhenPrivateAddressesAreAllowed() {
    assertThatThrownBy(() -> UrlGuard.check("http://169.254.169.254/latest/meta-data", true))
        .hasMessageContaining("link-local");
    assertThatThrownBy(() -> UrlGuard.check("http://metadata.google.internal/", true))
        .hasMessageContaining("metadata");
  }
}
