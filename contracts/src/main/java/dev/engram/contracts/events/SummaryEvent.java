package dev.engram.contracts.events;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** Events on {@code engram.summaries.v1}: the summarizer's answer to a {@link ContextWindowOverflowed}. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ConversationSummarized.class, name = "ConversationSummarized"),
    @JsonSubTypes.Type(value = SummarizationFailed.class, name = "SummarizationFailed")
})
public sealed interface SummaryEvent extends DomainEvent permits ConversationSummarized, SummarizationFailed {
  String agentId();

  /** The {@link ContextWindowOverflowed#eventId()} this answers. */
  String requestEventId();

  @Override
  default String key() {
    return agentId();
  }
}
