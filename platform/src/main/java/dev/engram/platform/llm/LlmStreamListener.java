package dev.engram.platform.llm;

/**
 * Receives a model's answer while it is generated, piece by piece and in order, on the provider's I/O thread:
 * implementations must be quick (buffer, do not block).
 */
public interface LlmStreamListener {

  /** New answer text. */
  void onText(String delta);

  /** New reasoning (thinking) text. */
  void onReasoning(String delta);

  /**
   * A piece of tool call {@code index}: its id and name when the provider first names them (null after), and
   * the next piece of its JSON arguments (possibly empty).
   */
  void onToolCall(int index, String id, String name, String argumentsDelta);
}
