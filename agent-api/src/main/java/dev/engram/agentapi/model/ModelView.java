package dev.engram.agentapi.model;

/** Letta's {@code Model}: the {@code LLMConfig} fields of a model plus how to name and pick it. */
public record ModelView(
    String handle,
    String name,
    String displayName,
    String providerType,
    String providerName,
    String providerCategory,
    String modelType,
    String model,
    String modelEndpointType,
    String modelEndpoint,
    int contextWindow,
    int maxContextWindow,
    double temperature,
    boolean putInnerThoughtsInKwargs,
    boolean enableReasoner,
    int maxReasoningTokens,
    boolean parallelToolCalls,
    boolean strict) {
}
