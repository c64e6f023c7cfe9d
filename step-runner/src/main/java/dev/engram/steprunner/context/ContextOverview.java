package dev.engram.steprunner.context;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * Letta's {@code ContextWindowOverview} ({@code GET /v1/agents/{id}/context}). The {@code num_tokens_*}
 * fields add up to {@code context_window_size_current}.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ContextOverview(
    int contextWindowSizeMax,
    int contextWindowSizeCurrent,
    int numMessages,
    long numArchivalMemory,
    long numRecallMemory,
    int numTokensExternalMemorySummary,
    String externalMemorySummary,
    int numTokensSystem,
    String systemPrompt,
    int numTokensCoreMemory,
    String coreMemory,
    int numTokensMemoryFilesystem,
    String memoryFilesystem,
    int numTokensToolUsageRules,
    String toolUsageRules,
    int numTokensDirectories,
    String directories,
    int numTokensSummaryMemory,
    String summaryMemory,
    int numTokensFunctionsDefinitions,
    List<Map<String, Object>> functionsDefinitions,
    int numTokensMessages,
    List<Map<String, Object>> messages) {
}
