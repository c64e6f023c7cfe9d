package dev.engram.memory.recall;

import java.util.List;

/**
 * Body of {@code POST /v1/messages/search} (Letta's {@code SearchAllMessagesRequest}, plus the optional
 * {@code roles} of its {@code MessageSearchRequest}). Dates are ISO date-times; naive ones are UTC.
 */
public record MessageSearchRequest(String query, String searchMode, String agentId, String conversationId,
    List<String> roles, Integer limit, String startDate, String endDate) {
}
