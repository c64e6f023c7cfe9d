package dev.engram.platform.llm;

import java.util.List;

/**
 * One model call: the model, the messages and the tools it may call. {@code toolChoice} is null (the model
 * decides), {@code "required"} (it must call one of the tools) or the name of the one tool it must call.
 */
public record LlmRequest(
    String handle,
    List<LlmMessage> messages,
    List<LlmTool> tools,
    Double temperature,
    Integer maxTokens,
    boolean parallelToolCalls,
    String toolChoice) {

  /** Value of {@link #toolChoice} that makes a tool call mandatory. */
  public static final String REQUIRED = "required";

  /** A request that leaves the choice of calling a tool to the model. */
  public LlmRequest(String handle, List<LlmMessage> messages, List<LlmTool> tools, Double temperature,
      Integer maxTokens, boolean parallelToolCalls) {
    this(handle, messages, tools, temperature, maxTokens, parallelToolCalls, null);
  }
}
