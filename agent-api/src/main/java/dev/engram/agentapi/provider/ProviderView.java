package dev.engram.agentapi.provider;

/** Letta's {@code Provider}: one LLM provider this server is configured with. */
public record ProviderView(String id, String name, String providerType, String providerCategory, String baseUrl) {
}
