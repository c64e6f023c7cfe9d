package dev.engram.toolexecutor.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class McpSecretCipherTest {
  @TempDir
  Path dir;

  @Test
  void aGeneratedKeyIsKeptOwnerOnlyAndReadAgainAfterARestart() throws Exception {
    Path keyFile = dir.resolve("keys/mcp-secret.key");
    String sealed = new McpSecretCipher(Optional.empty(), keyFile).encrypt("Bearer top-secret");

    assertThat(sealed).startsWith("v1:").doesNotContain("top-secret");
    assertThat(Files.getPosixFilePermissions(keyFile))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    assertThat(new McpSecretCipher(Optional.empty(), keyFile).decrypt(sealed)).isEqualTo("Bearer top-secret");
  }

  @Test
  void eachValueGetsItsOwnNonceAndAnotherKeyOrATamperedValueFails() {
    String key = Base64.getEncoder().encodeToString(new byte[32]);
    McpSecretCipher cipher = new McpSecretCipher(Optional.of(key), dir.resolve("unused"));
    String a = cipher.encrypt("same");

    assertThat(cipher.encrypt("same")).isNotEqualTo(a);
    assertThat(Files.exists(dir.resolve("unused"))).isFalse();
    McpSecretCipher other = new McpSecretCipher(Optional.empty(), dir.resolve("other.key"));
    assertThatThrownBy(() -> other.decrypt(a)).hasMessageContaining("secret key changed");
    byte[] bytes = Base64.getDecoder().decode(a.substring(3));
    bytes[bytes.length - 1] ^= 1;
    assertThatThrownBy(() -> cipher.decrypt("v1:" + Base64.getEncoder().encodeToString(bytes)))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aKeyOfTheWrongSizeIsRefused() {
    String shortKey = Base64.getEncoder().encodeToString(new byte[10]);
    assertThatThrownBy(() -> new McpSecretCipher(Optional.of(shortKey), dir.resolve("k")))
        .hasMessageContaining("16, 24 or 32 bytes");
  }
}
