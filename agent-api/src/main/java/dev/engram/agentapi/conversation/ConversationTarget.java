package dev.engram.agentapi.conversation;

/**
 * What a {@code /v1/conversations/{id}/…} path names: an agent and one of its conversations, {@code conversationId}
 * null for the agent's default conversation.
 */
public record ConversationTarget(String agentId, String conversationId) {
  /** How paths, step-runner and stored keys name an agent's default conversation. */
  public static final String DEFAULT = "default";

  /** The id under which a conversation is named to step-runner and keyed in tables ({@code null}: default). */
  public static String keyOf(String conversationId) {
    return conversationId == null ? DEFAULT : conversationId;
  }

  /** The agent's default conversation. */
  public static ConversationTarget defaultOf(String agentId) {
    return new ConversationTarget(agentId, null);
  }

  /** Whether this is the agent's default conversation. */
  public boolean isDefault() {
    return conversationId == null;
  }

  /** The value of step-runner's {@code conversation_id} parameter for this conversation. */
  public String stepRunnerId() {
    return keyOf(conversationId);
  }
}
