package dev.engram.platform.llm;

/** A Letta-style model handle {@code provider/model}, e.g. {@code openai/gpt-4o-mini} or {@code ollama/llama3.1:8b}. */
public record ModelHandle(String provider, String model) {

  /** Parses a handle; the model part may itself contain slashes. */
  public static ModelHandle parse(String handle) {
    if (handle == null || handle.isBlank()) {
      throw new IllegalArgumentException("A model handle is required, e.g. 'openai/gpt-4o-mini'");
    }
    int slash = handle.indexOf('/');
    if (slash <= 0 || slash == handle.length() - 1) {
      throw new IllegalArgumentException(
          "Model handle '" + handle + "' must have the form provider/model, e.g. 'openai/gpt-4o-mini'");
    }
    return new ModelHandle(handle.substring(0, slash), handle.substring(slash + 1));
  }

  @Override
  public String toString() {
    return provider + "/" + model;
  }
}
