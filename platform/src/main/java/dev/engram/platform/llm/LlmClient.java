package dev.engram.platform.llm;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.DefaultChatRequestParameters;
import dev.langchain4j.model.chat.request.ToolChoice;
import dev.langchain4j.model.openai.OpenAiChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.PartialThinking;
import dev.langchain4j.model.chat.response.PartialThinkingContext;
import dev.langchain4j.model.chat.response.PartialToolCall;
import dev.langchain4j.model.chat.response.PartialToolCallContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import dev.langchain4j.model.output.TokenUsage;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;

/**
 * Calls a model through langchain4j. Retries 429/5xx/timeouts with exponential backoff, opens a
 * circuit after repeated failures, and classifies every failure (see {@link LlmException.Kind})
 * so that a run can end with the right stop reason instead of an invented answer.
 */
@ApplicationScoped
public class LlmClient {
  private final LlmProviders providers;
  private final MeterRegistry meters;

  LlmClient(LlmProviders providers, MeterRegistry meters) {
    this.providers = providers;
    this.meters = meters;
  }

  /** One blocking model call; run it on a virtual thread so no platform thread waits on the model. */
  @Retry(maxRetries = 3, delay = 500, delayUnit = ChronoUnit.MILLIS, jitter = 250,
      retryOn = LlmException.Retryable.class, maxDuration = 300, durationUnit = ChronoUnit.SECONDS)
  @io.smallrye.faulttolerance.api.ExponentialBackoff(factor = 2, maxDelay = 8_000)
  @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.75, delay = 10, delayUnit = ChronoUnit.SECONDS,
      failOn = LlmException.Retryable.class)
  public LlmResponse chat(LlmRequest request) {
    ModelHandle handle = ModelHandle.parse(request.handle());
    Timer.Sample sample = Timer.start(meters);
    String outcome = "success";
    try {
      ChatRequest chat = ChatRequest.builder().messages(toLangchain(request.messages()))
          .parameters(parameters(request, handle.provider())).build();
      ChatResponse response = providers.chatModel(request.handle()).chat(chat);
      return fromLangchain(response);
    } catch (LlmException e) {
      outcome = e.kind().name().toLowerCase(Locale.ROOT);
      throw e;
    } catch (RuntimeException e) {
      LlmException mapped = classify(e);
      outcome = mapped.kind().name().toLowerCase(Locale.ROOT);
      throw mapped;
    } finally {
      sample.stop(meters.timer("engram.llm.request", "provider", handle.provider(), "outcome", outcome));
    }
  }

  /**
   * One streamed model call: every piece of the answer goes to {@code listener} as it arrives, and the whole
   * answer is returned at the end. A retryable failure before the first piece is retried (up to 3 times, with
   * backoff); after a piece was delivered it is not, since the listener cannot take pieces back. Interrupting
   * the calling thread abandons the call: the provider's stream is cancelled and {@link LlmException.Kind#CANCELLED}
   * is thrown. Blocks, so call it on a virtual thread.
   */
  public LlmResponse stream(LlmRequest request, LlmStreamListener listener) {
    ModelHandle handle = ModelHandle.parse(request.handle());
    Timer.Sample sample = Timer.start(meters);
    String outcome = "success";
    try {
      for (int attempt = 0; ; attempt++) {
        AtomicBoolean delivered = new AtomicBoolean();
        try {
          return streamOnce(request, handle, listener, delivered);
        } catch (LlmException e) {
          if (!e.kind().retryable() || delivered.get() || attempt >= 3) {
            throw e;
          }
          Thread.sleep(Math.min(8_000L, 500L << attempt));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      outcome = "cancelled";
      throw new LlmException(LlmException.Kind.CANCELLED, "The model call was abandoned", e);
    } catch (LlmException e) {
      outcome = e.kind().name().toLowerCase(Locale.ROOT);
      throw e;
    } finally {
      sample.stop(meters.timer("engram.llm.request", "provider", handle.provider(), "outcome", outcome));
    }
  }

  private LlmResponse streamOnce(LlmRequest request, ModelHandle handle, LlmStreamListener listener,
      AtomicBoolean delivered) throws InterruptedException {
    ChatRequest chat = ChatRequest.builder().messages(toLangchain(request.messages()))
        .parameters(parameters(request, handle.provider())).build();
    CompletableFuture<ChatResponse> done = new CompletableFuture<>();
    AtomicReference<StreamingHandle> stream = new AtomicReference<>();
    try {
      providers.streamingChatModel(request.handle()).chat(chat, new StreamingChatResponseHandler() {
        @Override
        public void onPartialResponse(PartialResponse partial, PartialResponseContext context) {
          if (piece(context.streamingHandle())) {
            listener.onText(partial.text());
          }
        }

        @Override
        public void onPartialThinking(PartialThinking partial, PartialThinkingContext context) {
          if (piece(context.streamingHandle())) {
            listener.onReasoning(partial.text());
          }
        }

        @Override
        public void onPartialToolCall(PartialToolCall partial, PartialToolCallContext context) {
          if (piece(context.streamingHandle())) {
            listener.onToolCall(partial.index(), partial.id(), partial.name(), partial.partialArguments());
          }
        }

        /** Records the stream's handle; false once the caller gave up (the piece is dropped). */
        private boolean piece(StreamingHandle handle) {
          stream.compareAndSet(null, handle);
          if (done.isCancelled()) {
            handle.cancel();
            return false;
          }
          delivered.set(true);
          return true;
        }

        @Override
        public void onCompleteResponse(ChatResponse response) {
          done.complete(response);
        }

        @Override
        public void onError(Throwable error) {
          done.completeExceptionally(error);
        }
      });
      return fromLangchain(done.get());
    } catch (InterruptedException e) {
      done.cancel(false);
      StreamingHandle open = stream.get();
      if (open != null) {
        open.cancel();
      }
      throw e;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw cause instanceof LlmException l ? l : classify(cause);
    } catch (LlmException e) {
      throw e;
    } catch (RuntimeException e) {
      throw classify(e);
    }
  }

  /**
   * The request's parameters. A named tool choice is sent as "required" with only that tool offered, which
   * forces exactly that call on every provider (langchain4j has no named tool choice). OpenAI gets
   * {@code parallel_tool_calls} whenever tools are offered, so that "off" really means off.
   */
  static ChatRequestParameters parameters(LlmRequest request, String provider) {
    List<LlmTool> tools = request.tools();
    ToolChoice choice = null;
    if (request.toolChoice() != null && !tools.isEmpty()) {
      choice = ToolChoice.REQUIRED;
      List<LlmTool> named = tools.stream().filter(t -> t.name().equals(request.toolChoice())).toList();
      if (!named.isEmpty()) {
        tools = named;
      }
    }
    List<ToolSpecification> specs = tools.stream().map(ToolSchemas::toSpecification).toList();
    DefaultChatRequestParameters.Builder<?> builder = DefaultChatRequestParameters.builder()
        .temperature(request.temperature())
        .maxOutputTokens(request.maxTokens());
    if (!specs.isEmpty()) {
      builder.toolSpecifications(specs).toolChoice(choice);
    }
    ChatRequestParameters common = builder.build();
    if (!LlmProviders.OPENAI.equals(provider) || specs.isEmpty()) {
      return common;
    }
    return OpenAiChatRequestParameters.builder().overrideWith(common)
        .parallelToolCalls(request.parallelToolCalls()).build();
  }

  private static List<ChatMessage> toLangchain(List<LlmMessage> messages) {
    List<ChatMessage> out = new ArrayList<>(messages.size());
    for (LlmMessage m : messages) {
      switch (m.role()) {
        case SYSTEM -> out.add(SystemMessage.from(m.content()));
        case USER -> out.add(UserMessage.from(m.content()));
        case ASSISTANT -> {
          List<ToolExecutionRequest> calls = m.toolCalls().stream()
              .map(c -> ToolExecutionRequest.builder().id(c.id()).name(c.name()).arguments(c.arguments()).build())
              .toList();
          boolean hasText = m.content() != null && !m.content().isEmpty();
          if (calls.isEmpty()) {
            out.add(AiMessage.from(hasText ? m.content() : ""));
          } else {
            out.add(hasText ? AiMessage.from(m.content(), calls) : AiMessage.from(calls));
          }
        }
        case TOOL -> out.add(ToolExecutionResultMessage.from(m.toolCallId(), m.toolName(), m.content()));
      }
    }
    return out;
  }

  private static LlmResponse fromLangchain(ChatResponse response) {
    AiMessage ai = response.aiMessage();
    List<LlmToolCall> calls = ai.hasToolExecutionRequests()
        ? ai.toolExecutionRequests().stream().map(r -> new LlmToolCall(r.id(), r.name(), r.arguments())).toList()
        : List.of();
    TokenUsage usage = response.tokenUsage();
    int prompt = usage == null || usage.inputTokenCount() == null ? 0 : usage.inputTokenCount();
    int completion = usage == null || usage.outputTokenCount() == null ? 0 : usage.outputTokenCount();
    String finish = response.finishReason() == null ? null : response.finishReason().name().toLowerCase(Locale.ROOT);
    return new LlmResponse(ai.text(), ai.thinking(), calls, prompt, completion, finish);
  }

  /** Classifies a provider failure; overflow is recognised from every provider's wording. */
  static LlmException classify(Throwable e) {
    String message = String.valueOf(e.getMessage());
    if (Thread.currentThread().isInterrupted() || rootCause(e) instanceof InterruptedException) {
      // The caller abandoned the call (a cancelled run): retrying it would only call the model again.
      return new LlmException(LlmException.Kind.CANCELLED, "The model call was abandoned", e);
    }
    if (isContextOverflow(message)) {
      return LlmException.of(LlmException.Kind.CONTEXT_OVERFLOW, message, e);
    }
    Throwable root = rootCause(e);
    LlmException.Kind kind;
    if (e instanceof RateLimitException) {
      kind = LlmException.Kind.RATE_LIMIT;
    } else if (e instanceof TimeoutException || root instanceof HttpTimeoutException
        || root instanceof java.util.concurrent.TimeoutException) {
      kind = LlmException.Kind.TIMEOUT;
    } else if (e instanceof AuthenticationException) {
      kind = LlmException.Kind.AUTHENTICATION;
    } else if (e instanceof InternalServerException) {
      kind = LlmException.Kind.SERVER;
    } else if (e instanceof InvalidRequestException) {
      kind = LlmException.Kind.BAD_REQUEST;
    } else if (e instanceof HttpException http) {
      int status = http.statusCode();
      kind = status == 429 ? LlmException.Kind.RATE_LIMIT
          : status >= 500 ? LlmException.Kind.SERVER
          : status == 401 || status == 403 ? LlmException.Kind.AUTHENTICATION
          : LlmException.Kind.BAD_REQUEST;
    } else if (root instanceof IOException) {
      kind = LlmException.Kind.SERVER;
    } else {
      kind = LlmException.Kind.SERVER;
    }
    return LlmException.of(kind, message, e);
  }

  private static Throwable rootCause(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root;
  }

  /** Whether a provider error says the prompt did not fit (OpenAI, Anthropic, Gemini, Ollama wordings). */
  public static boolean isContextOverflow(String message) {
    String m = message.toLowerCase(Locale.ROOT);
    return m.contains("context_length_exceeded")
        || m.contains("maximum context length")
        || m.contains("context window")
        || m.contains("prompt is too long")
        || m.contains("input is too long")
        || m.contains("exceeds the maximum number of tokens")
        || m.contains("input token count") && m.contains("exceeds")
        || m.contains("max_tokens_exceeded")
        || m.contains("too many tokens")
        // Ollama and llama.cpp servers.
        || m.contains("exceeds the context length")
        || m.contains("exceeded max context length")
        || m.contains("exceeds the available context size");
  }
}
