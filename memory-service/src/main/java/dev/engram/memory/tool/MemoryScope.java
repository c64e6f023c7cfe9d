package dev.engram.memory.tool;

/**
 * Whose blocks a memory tool call edits: the agent's, as seen from one of its conversations (null or
 * {@code default}: the agent's default conversation). A conversation's private copy stands in for the agent's
 * block with its label.
 */
record MemoryScope(String agentId, String conversationId) {
}
