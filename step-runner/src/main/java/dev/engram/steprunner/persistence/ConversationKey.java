package dev.engram.steprunner.persistence;

import java.util.Objects;

/**
 * One conversation of an agent: the unit that has its own context window (system message, optional summary,
 * messages). {@link #DEFAULT} is the agent's own history; other ids are {@code conv-…}.
 */
public record ConversationKey(String agentId, String conversationId) {
  /** The id under which the agent's default conversation is stored. */
  public static final String DEFAULT = "default";

  public ConversationKey {
    Objects.requireNonNull(agentId, "agentId");
    conversationId = conversationId == null || conversationId.isBlank() ? DEFAULT : conversationId;
  }

  /** The agent's default conversation. */
  public static ConversationKey of(String agentId) {
    return new ConversationKey(agentId, DEFAULT);
  }

  /** Whether this is the agent's default conversation. */
  public boolean isDefault() {
    return DEFAULT.equals(conversationId);
  }
}
