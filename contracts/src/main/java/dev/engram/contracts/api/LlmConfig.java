package dev.engram.contracts.api;

/**
 * An agent's model configuration in Letta's {@code llm_config} shape; {@code handle} is the
 * Letta-style {@code provider/model} name that selects the provider.
 */
public record LlmConfig(
    String model,
    String modelEndpointType,
    String modelEndpoint,
    Integer contextWindow,
    String handle,
    String providerName,
    String providerCategory,
    Double temperature,
    Integer maxTokens,
    Boolean parallelToolCalls) {
}
