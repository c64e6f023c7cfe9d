package dev.engram.toolexecutor.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.engram.platform.rest.ApiException;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class McpUrlGuardTest {
  private final McpUrlGuard strict = new McpUrlGuard(false);
  private final McpUrlGuard permissive = new McpUrlGuard(true);

  @Test
  void privateAndLoopbackAddressesAreRefusedUnlessAllowed() throws Exception {
    for (String address : new String[] {"127.0.0.1", "::1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "fd12::1",
        "100.64.0.1", "0.0.0.0"}) {
      assertThat(strict.forbidden(InetAddress.getByName(address))).as(address).isNotNull();
      assertThat(permissive.forbidden(InetAddress.getByName(address))).as(address).isNull();
    }
    assertThatThrownBy(() -> strict.check("http://localhost:8080/mcp")).isInstanceOf(ApiException.class)
        .hasMessageContaining("loopback");
    assertThat(permissive.check("http://localhost:8080/mcp").getPort()).isEqualTo(8080);
  }

  @Test
  void linkLocalAndMetadataAddressesAreRefusedEvenWhenPrivateNetworksAreAllowed() throws Exception {
    for (String address : new String[] {"169.254.169.254", "169.254.0.1", "fe80::1", "100.100.100.200",
        "fd00:ec2::254", "::ffff:169.254.169.254"}) {
      assertThat(permissive.forbidden(InetAddress.getByName(address))).as(address).isNotNull();
    }
    assertThatThrownBy(() -> permissive.check("http://metadata.google.internal/")).hasMessageContaining("metadata");
    assertThatThrownBy(() -> permissive.check("http://169.254.169.254/latest")).hasMessageContaining("link-local");
  }

  @Test
  void publicAddressesPass() throws Exception {
    assertThat(strict.forbidden(InetAddress.getByName("93.184.216.34"))).isNull();
    assertThat(strict.forbidden(InetAddress.getByName("2606:2800:220:1::"))).isNull();
  }
}
