package dev.engram.agentapi.provider;

import dev.engram.platform.llm.LlmProviders;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The providers configured through the environment (OpenAI, Anthropic, Ollama, the scripted test model), shaped as
 * Letta's base providers. Their ids are derived from their names, so they are the same on every replica and after
 * a restart.
 */
@ApplicationScoped
public class ProviderCatalog {
  private final LlmProviders providers;

  ProviderCatalog(LlmProviders providers) {
    this.providers = providers;
  }

  /** Every configured provider, in a stable order. */
  public List<ProviderView> all() {
    return providers.configured().stream().map(ProviderCatalog::view).toList();
  }

  private static ProviderView view(String name) {
    // The scripted server speaks OpenAI's API; Letta has no provider type for a test double.
    String type = LlmProviders.SCRIPTED.equals(name) ? LlmProviders.OPENAI : name;
    return new ProviderView(id(name), name, type, "base", null);
  }

  /** {@code provider-<uuid4 form>} from a hash of the name. */
  static String id(String name) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(("engram-provider:" + name)
          .getBytes(StandardCharsets.UTF_8));
      hash[6] = (byte) ((hash[6] & 0x0f) | 0x40);
      hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
      String hex = HexFormat.of().formatHex(hash, 0, 16);
      return "provider-" + hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
          + hex.substring(16, 20) + "-" + hex.substring(20, 32);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
