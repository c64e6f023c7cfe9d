package dev.engram.steprunner.context;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import dev.engram.contracts.Json;
import dev.engram.contracts.api.LlmConfig;
import dev.engram.platform.llm.LlmMessage;
import dev.engram.platform.llm.LlmTool;
import dev.engram.platform.llm.LlmToolCall;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Counts the tokens of a prompt for an agent's model.
 *
 * <p>OpenAI-family models (handle provider {@code openai} or {@code azure}, or a model name starting with
 * {@code gpt-}, {@code chatgpt-}, {@code o1}, {@code o3}, {@code o4}) are counted with their real BPE
 * tokenizer through jtokkit: {@code o200k_base} for gpt-4o, gpt-4.1, gpt-5 and the o-series,
 * {@code cl100k_base} for gpt-4 and gpt-3.5. Every other model (Anthropic, Gemini, Ollama, the scripted test
 * model, ...) is estimated as ceil(characters / 4), the usual rule of thumb for English text, which is what
 * the scripted model reports as its own usage. Each message adds {@value #PER_MESSAGE} tokens of framing
 * (role markers) and each request {@value #PER_REQUEST} for the reply primer, as OpenAI documents for its
 * chat format; tool definitions are counted as their JSON.
 */
public final class TokenCounter {
  /** Framing tokens of one chat message. */
  public static final int PER_MESSAGE = 4;
  /** Tokens that prime the model's reply. */
  public static final int PER_REQUEST = 3;
  /** Context window assumed when an agent's llm_config has none (Letta's default for unknown models). */
  public static final int DEFAULT_CONTEXT_WINDOW = 30000;

  private static final EncodingRegistry REGISTRY = Encodings.newLazyEncodingRegistry();
  private static final TokenCounter ESTIMATE = new TokenCounter(null, "chars/4");

  private final Encoding encoding;
  private final String method;

  private TokenCounter(Encoding encoding, String method) {
    this.encoding = encoding;
    this.method = method;
  }

  /** The counter for an agent's model. */
  public static TokenCounter forModel(LlmConfig config) {
    if (config == null) {
      return ESTIMATE;
    }
    String handle = config.handle() == null ? "" : config.handle().toLowerCase(Locale.ROOT);
    int slash = handle.indexOf('/');
    String provider = slash > 0 ? handle.substring(0, slash) : "";
    String model = config.model() != null ? config.model().toLowerCase(Locale.ROOT)
        : slash > 0 ? handle.substring(slash + 1) : handle;
    boolean openAiName = model.startsWith("gpt-") || model.startsWith("chatgpt-") || model.startsWith("o1")
        || model.startsWith("o3") || model.startsWith("o4");
    if (!provider.equals("openai") && !provider.equals("azure") && !openAiName) {
      return ESTIMATE;
    }
    EncodingType type = model.startsWith("gpt-4-") || model.equals("gpt-4") || model.startsWith("gpt-3.5")
        ? EncodingType.CL100K_BASE : EncodingType.O200K_BASE;
    return new TokenCounter(REGISTRY.getEncoding(type), type.getName());
  }

  /** The context window of an agent's model in tokens, with a default when llm_config has none. */
  public static int contextWindow(LlmConfig config) {
    Integer window = config == null ? null : config.contextWindow();
    return window == null || window <= 0 ? DEFAULT_CONTEXT_WINDOW : window;
  }

  /** How this counter counts: a jtokkit encoding name or {@code chars/4}. */
  public String method() {
    return method;
  }

  /** Tokens of a text. */
  public int count(String text) {
    if (text == null || text.isEmpty()) {
      return 0;
    }
    return encoding == null ? (text.length() + 3) / 4 : encoding.countTokensOrdinary(text);
  }

  /** Tokens of one message: framing, content and its tool calls. */
  public int count(LlmMessage m) {
    int tokens = PER_MESSAGE + count(m.content());
    for (LlmToolCall call : m.toolCalls()) {
      tokens += count(call.name()) + count(call.arguments()) + PER_MESSAGE;
    }
    if (m.toolCallId() != null) {
      tokens += count(m.toolCallId());
    }
    return tokens;
  }

  /** Tokens of a list of messages (without the reply primer). */
  public int countMessages(List<LlmMessage> messages) {
    int tokens = 0;
    for (LlmMessage m : messages) {
      tokens += count(m);
    }
    return tokens;
  }

  /** Tokens of the tool definitions, counted as the OpenAI tool list JSON that carries them. */
  public int countTools(List<LlmTool> tools) {
    return tools.isEmpty() ? 0 : count(Json.write(openAiTools(tools)));
  }

  /** A whole request: messages, tools and the reply primer. */
  public int countRequest(List<LlmMessage> messages, List<LlmTool> tools) {
    return countMessages(messages) + countTools(tools) + PER_REQUEST;
  }

  /** Tools in OpenAI's {@code [{"type": "function", "function": {...}}]} shape (Letta's functions_definitions). */
  public static List<Map<String, Object>> openAiTools(List<LlmTool> tools) {
    return tools.stream().map(t -> {
      Map<String, Object> function = new LinkedHashMap<>();
      function.put("name", t.name());
      if (t.description() != null) {
        function.put("description", t.description());
      }
      function.put("parameters", t.parameters());
      Map<String, Object> tool = new LinkedHashMap<>();
      tool.put("type", "function");
      tool.put("function", function);
      return tool;
    }).toList();
  }
}
