package dev.engram.summarizer.summary;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.engram.contracts.Json;
import dev.engram.contracts.events.ContextWindowOverflowed;
import dev.engram.platform.llm.LlmClient;
import dev.engram.platform.llm.LlmException;
import dev.engram.platform.llm.LlmResponse;
import dev.engram.summarizer.SummarizerConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

/**
 * Answers a {@link ContextWindowOverflowed}: asks the agent's model for a summary of the evicted
 * messages and publishes it, or publishes why it could not. Every request gets exactly one answer.
 */
@ApplicationScoped
public class Summarizer {
  /** Outcome tag of a redelivered request that was answered before. */
  public static final String DUPLICATE = "duplicate";

  private final LlmClient llm;
  private final SummaryJobService jobs;
  private final SummarizerConfig config;
  private final MeterRegistry meters;

  Summarizer(LlmClient llm, SummaryJobService jobs, SummarizerConfig config, MeterRegistry meters) {
    this.llm = llm;
    this.jobs = jobs;
    this.config = config;
    this.meters = meters;
  }

  /** Summarizes and publishes; blocks for the model call, so call it on a virtual thread. */
  public void handle(ContextWindowOverflowed request) {
    if (jobs.answered(request.eventId())) {
      duplicate(request);
      return;
    }
    Timer.Sample sample = Timer.start(meters);
    SummaryOutcome outcome = summarize(request);
    String tag = outcome instanceof SummaryOutcome.Summary ? "summarized" : "failed";
    sample.stop(meters.timer("engram.summarizer.duration", "outcome", tag));
    if (!jobs.record(request, outcome)) {
      // Another delivery of the same request finished first; its answer stands.
      duplicate(request);
      return;
    }
    meters.counter("engram.summarizer.requests", "outcome", tag).increment();
    if (outcome instanceof SummaryOutcome.Failure failure) {
      Log.warnf("Summarization of request %s failed: %s", request.eventId(), failure.error());
    }
  }

  private SummaryOutcome summarize(ContextWindowOverflowed request) {
    if (request.evicted() == null || request.evicted().isEmpty()) {
      return new SummaryOutcome.Failure("The context overflow evicted no messages, so there is nothing to summarize.");
    }
    String model = request.summaryModel() == null || request.summaryModel().isBlank() ? request.modelHandle()
        : request.summaryModel();
    LlmResponse response;
    try {
      response = llm.chat(SummaryPrompt.request(request, model, config.maxSummaryChars(), config.maxLineChars(),
          config.maxOutputTokens().orElse(null)));
    } catch (LlmException e) {
      return new SummaryOutcome.Failure("Summarizing the evicted messages with model '" + model + "' failed ("
          + e.kind().errorType() + "): " + providerMessage(e.getMessage()));
    } catch (CircuitBreakerOpenException e) {
      return new SummaryOutcome.Failure("Summarizing the evicted messages with model '" + model
          + "' failed: calls to the model are paused after repeated provider errors; retry shortly.");
    } catch (RuntimeException e) {
      Log.errorf(e, "Unexpected failure summarizing request %s", request.eventId());
      return new SummaryOutcome.Failure("Summarizing the evicted messages with model '" + model + "' failed: "
          + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
    }
    if (response.text() == null || response.text().isBlank()) {
      return new SummaryOutcome.Failure("Model '" + model + "' answered the summarization request with an "
          + "empty summary.");
    }
    int clip = request.clipChars() == null || request.clipChars() <= 0 ? config.clipChars() : request.clipChars();
    return new SummaryOutcome.Summary(SummaryText.clip(response.text(), clip));
  }

  /** The provider's own wording when {@code message} is an OpenAI-style JSON error body, else the message. */
  static String providerMessage(String message) {
    if (message == null || message.isBlank()) {
      return "no details given";
    }
    try {
      String text = Json.MAPPER.readTree(message).path("error").path("message").asText("");
      return text.isBlank() ? message : text;
    } catch (JsonProcessingException e) {
      return message;
    }
  }

  private void duplicate(ContextWindowOverflowed request) {
    meters.counter("engram.summarizer.requests", "outcome", DUPLICATE).increment();
    Log.infof("Overflow %s was answered before; not summarizing it again", request.eventId());
  }
}
