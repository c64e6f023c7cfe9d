package dev.engram.platform.llm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.RateLimitException;
import org.junit.jupiter.api.Test;

class LlmClientClassifyTest {

  @Test
  void openAiContextLengthExceededIsAnOverflow() {
    assertOverflow(new InvalidRequestException("{\"error\": {\"message\": \"This model's maximum context length is "
        + "128000 tokens. However, your messages resulted in 130532 tokens. Please reduce the length of the "
        + "messages.\", \"type\": \"invalid_request_error\", \"param\": \"messages\", \"code\": "
        + "\"context_length_exceeded\"}}"));
  }

  @Test
  void anthropicPromptIsTooLongIsAnOverflow() {
    assertOverflow(new HttpException(400, "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\","
        + "\"message\":\"prompt is too long: 208310 tokens > 200000 maximum\"}}"));
  }

  @Test
  void geminiInputTokenCountIsAnOverflow() {
    assertOverflow(new HttpException(400, "{\"error\": {\"code\": 400, \"message\": \"The input token count "
        + "(1048577) exceeds the maximum number of tokens allowed (1048576).\", \"status\": \"INVALID_ARGUMENT\"}}"));
  }

  @Test
  void ollamaAndLlamaCppFormsAreOverflows() {
    assertOverflow(new HttpException(400, "{\"error\":\"the input length exceeds the context length\"}"));
    assertOverflow(new HttpException(500, "{\"error\":\"prompt too long; exceeded max context length by 812 "
        + "tokens\"}"));
    assertOverflow(new HttpException(400, "{\"error\":{\"code\":400,\"message\":\"the request exceeds the "
        + "available context size, try increasing it\",\"type\":\"exceed_context_size_error\"}}"));
  }

  @Test
  void maxTokensExceededIsAnOverflow() {
    assertOverflow(new HttpException(400, "{\"error\": {\"message\": \"Request too large\", \"code\": "
        + "\"max_tokens_exceeded\"}}"));
  }

  @Test
  void otherErrorsAreNotOverflows() {
    assertThat(LlmClient.classify(new HttpException(400, "{\"type\":\"error\",\"error\":{\"type\":"
        + "\"invalid_request_error\",\"message\":\"max_tokens: 100000 > 64000, which is the maximum allowed number "
        + "of output tokens for claude-sonnet\"}}")).kind()).isEqualTo(LlmException.Kind.BAD_REQUEST);
    assertThat(LlmClient.classify(new RateLimitException("{\"error\": {\"message\": \"Rate limit reached\", "
        + "\"code\": \"rate_limit_exceeded\"}}")).kind()).isEqualTo(LlmException.Kind.RATE_LIMIT);
    assertThat(LlmClient.classify(new HttpException(401, "{\"error\": {\"message\": \"Incorrect API key\"}}"))
        .kind()).isEqualTo(LlmException.Kind.AUTHENTICATION);
  }

  private static void assertOverflow(RuntimeException providerError) {
    LlmException e = LlmClient.classify(providerError);
    assertThat(e.kind()).isEqualTo(LlmException.Kind.CONTEXT_OVERFLOW);
    assertThat(e.kind().errorType()).isEqualTo("context_window_exceeded");
    assertThat(e).isNotInstanceOf(LlmException.Retryable.class);
  }
}
