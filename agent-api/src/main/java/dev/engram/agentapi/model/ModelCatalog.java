package dev.engram.agentapi.model;

import dev.engram.platform.llm.LlmProviders;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** The models of the configured providers, shaped as Letta lists them. */
@ApplicationScoped
public class ModelCatalog {
  /** How the scripted test double presents itself, so nobody mistakes it for a model. */
  static final String SCRIPTED_DISPLAY_NAME = "Scripted test model (not a real LLM)";

  private final LlmProviders providers;

  ModelCatalog(LlmProviders providers) {
    this.providers = providers;
  }

  /** Every chat model, optionally filtered by provider name, provider type and category. */
  public List<ModelView> llms(String providerName, String providerType, List<String> categories) {
    return providers.models().stream()
        .map(ModelCatalog::view)
        .filter(m -> providerName == null || providerName.equals(m.providerName()))
        .filter(m -> providerType == null || providerType.equals(m.providerType()))
        .filter(m -> categories.isEmpty() || categories.contains(m.providerCategory()))
        .toList();
  }

  private static ModelView view(LlmProviders.ModelInfo info) {
    boolean scripted = LlmProviders.SCRIPTED.equals(info.provider());
    // The scripted server speaks OpenAI's API; Letta's provider types have no test-double value.
    String type = scripted ? LlmProviders.OPENAI : info.provider();
    return new ModelView(info.handle(), info.model(), scripted ? SCRIPTED_DISPLAY_NAME : info.model(), type,
        info.provider(), "base", "llm", info.model(), type, info.endpoint(), info.contextWindow(),
        info.contextWindow(), 0.7, false, false, 0, false, false);
  }
}
