package dev.engram.toolexecutor.mcp;

import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts MCP server secrets at rest with AES-GCM (random 96-bit nonce per value, 128-bit tag). The key comes from
 * {@code engram.tool-executor.mcp.secret-key} or, without one, from a key file generated on first use.
 */
@ApplicationScoped
public class McpSecretCipher {
  private static final String VERSION = "v1:";
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final SecretKey key;
  private final SecureRandom random = new SecureRandom();

  @Inject
  McpSecretCipher(McpConfig config) {
    this(config.secretKey(), config.keyFile().map(Path::of)
        .orElse(Path.of(System.getProperty("user.home"), ".engram", "mcp-secret.key")));
  }

  /** With {@code secretKey} (base64) if present, else the key kept in {@code keyFile} (generated if missing). */
  McpSecretCipher(Optional<String> secretKey, Path keyFile) {
    this.key = new SecretKeySpec(secretKey.map(McpSecretCipher::decodeKey).orElseGet(() -> fileKey(keyFile)), "AES");
  }

  /** {@code plain} encrypted, as {@code v1:<base64 nonce+ciphertext>}. */
  public String encrypt(String plain) {
    try {
      byte[] nonce = new byte[NONCE_BYTES];
      random.nextBytes(nonce);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
      return VERSION + Base64.getEncoder().encodeToString(
          ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Cannot encrypt an MCP server secret", e);
    }
  }

  /** The plain text of a value made by {@link #encrypt}; fails if it was made with another key or altered. */
  public String decrypt(String sealed) {
    if (!sealed.startsWith(VERSION)) {
      throw new IllegalStateException("Unknown format of a stored MCP server secret");
    }
    try {
      byte[] bytes = Base64.getDecoder().decode(sealed.substring(VERSION.length()));
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, bytes, 0, NONCE_BYTES));
      return new String(cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES), StandardCharsets.UTF_8);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalStateException("Cannot decrypt a stored MCP server secret (was the secret key changed?)", e);
    }
  }

  private static byte[] decodeKey(String base64) {
    byte[] key = Base64.getDecoder().decode(base64.trim());
    if (key.length != 16 && key.length != 24 && key.length != 32) {
      throw new IllegalArgumentException("engram.tool-executor.mcp.secret-key must be base64 of 16, 24 or 32 bytes");
    }
    return key;
  }

  private static byte[] fileKey(Path file) {
    try {
      if (!Files.exists(file)) {
        Files.createDirectories(file.toAbsolutePath().getParent());
        byte[] fresh = new byte[32];
        new SecureRandom().nextBytes(fresh);
        try {
          Files.createFile(file, PosixFilePermissions.asFileAttribute(Set.of(
              java.nio.file.attribute.PosixFilePermission.OWNER_READ,
              java.nio.file.attribute.PosixFilePermission.OWNER_WRITE)));
          Files.writeString(file, Base64.getEncoder().encodeToString(fresh));
          Log.infof("Generated the MCP secret key in %s (set engram.tool-executor.mcp.secret-key to share one)", file);
        } catch (FileAlreadyExistsException raced) {
          // Another instance on this host created it first: use theirs.
        }
      }
      return decodeKey(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read or create the MCP secret key file " + file, e);
    }
  }
}
