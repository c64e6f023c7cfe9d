package dev.engram.agentapi.conversation;

/**
 * The filters and order of {@code GET /v1/conversations/}: one agent (null: all), a summary substring (null: any),
 * {@code archiveStatus} {@code unarchived|archived|all}, {@code orderBy} {@code created_at|last_message_at|
 * last_run_completion}.
 */
public record ConversationQuery(String agentId, String summarySearch, String archiveStatus, String orderBy,
    boolean ascending) {
}
