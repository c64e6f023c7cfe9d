package dev.engram.agentapi.message;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.engram.contracts.Json;
import dev.engram.contracts.api.CompactionSettings;

/**
 * The body of {@code POST /v1/agents/{id}/summarize} and {@code POST /v1/conversations/{id}/compact}: settings
 * for this compaction only (null: the agent's own), and for the latter the agent of the default conversation.
 */
public record SummarizeRequest(String agentId, CompactionSettings compactionSettings) {
  private static final SummarizeRequest EMPTY = new SummarizeRequest(null, null);

  /**
   * The request from a raw body, which Letta makes optional: no body, an empty one and {@code null} all mean
   * "no settings". Malformed JSON throws, which the error mappers answer with a 422.
   */
  public static SummarizeRequest parse(String body) throws JsonProcessingException {
    if (body == null || body.isBlank()) {
      return EMPTY;
    }
    SummarizeRequest request = Json.MAPPER.readValue(body, SummarizeRequest.class);
    return request == null ? EMPTY : request;
  }
}
