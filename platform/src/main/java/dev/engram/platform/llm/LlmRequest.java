package dev.engram.platform.llm;

import java.util.List;

/** One model call: the model, the messages and the tools it may call. */
public record LlmRequest(
    String handle,
    List<LlmMessage> messages,
    List<LlmTool> tools,
    Double temperature,
    Integer maxTokens,
    boolean parallelToolCalls) {
}
