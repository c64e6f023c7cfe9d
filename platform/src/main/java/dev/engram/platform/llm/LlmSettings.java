package dev.engram.platform.llm;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Which LLM providers this deployment can reach, read from the environment Letta users know. */
@ConfigMapping(prefix = "engram.llm")
public interface LlmSettings {

  /** OpenAI or any OpenAI-compatible server (vLLM, LM Studio, ...). */
  OpenAi openai();

  /** Anthropic. */
  Anthropic anthropic();

  /** Ollama. */
  Ollama ollama();

  /** The project's scripted model server: a test double, used only when configured explicitly. */
  Scripted scripted();

  /** Time limit of one model request. */
  @WithDefault("120s")
  Duration requestTimeout();

  /** Context window assumed for models whose window is not known. */
  @WithDefault("32768")
  int defaultContextWindow();

  /** Model handle for agents created without one (Letta requires a model unless the server has a default). */
  Optional<String> defaultModel();

  /** OpenAI settings. */
  interface OpenAi {
    @WithDefault("${OPENAI_API_KEY:}")
    Optional<String> apiKey();

    @WithDefault("${OPENAI_BASE_URL:https://api.openai.com/v1}")
    String baseUrl();
  }

  /** Anthropic settings. */
  interface Anthropic {
    @WithDefault("${ANTHROPIC_API_KEY:}")
    Optional<String> apiKey();

    @WithDefault("${ANTHROPIC_BASE_URL:https://api.anthropic.com/v1}")
    String baseUrl();
  }

  /** Ollama settings. */
  interface Ollama {
    @WithDefault("${OLLAMA_BASE_URL:}")
    Optional<String> baseUrl();
  }

  /** Scripted model server settings. */
  interface Scripted {
    /** Base URL of the scripted server's OpenAI-compatible API, e.g. {@code http://127.0.0.1:8290/v1}. */
    @WithDefault("${ENGRAM_SCRIPTED_MODEL_URL:}")
    Optional<String> baseUrl();
  }
}
