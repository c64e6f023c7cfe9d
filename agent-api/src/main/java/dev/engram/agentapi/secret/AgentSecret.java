package dev.engram.agentapi.secret;

import java.time.Instant;

/** One row of {@code agent_secrets}: an environment variable of the agent's tool calls, value in clear. */
public record AgentSecret(String id, String agentId, String key, String value, Instant createdAt,
    Instant updatedAt) {

  /** Without the value. */
  @Override
  public String toString() {
    return "AgentSecret[id=" + id + ", agentId=" + agentId + ", key=" + key + "]";
  }
}
