package dev.engram.memory.block;

/**
 * Who changed a block: an API call, or an agent's tool call (agent, run and tool call ids), as recorded
 * in the block's history.
 */
public record Editor(String type, String actorId, String agentId, String runId, String toolCallId, String toolName) {
  public static final String API = "api";
  public static final String AGENT = "agent";

  /** A change through the REST API. */
  public static Editor api(String userId) {
    return new Editor(API, userId, null, null, null, null);
  }

  /** A change by an agent's tool call. */
  public static Editor agent(String agentId, String runId, String toolCallId, String toolName) {
    return new Editor(AGENT, agentId, agentId, runId, toolCallId, toolName);
  }

  /** The compact form carried by {@code BlockUpdated.updated_by}. */
  public String describe() {
    return API.equals(type) ? API : "agent:" + agentId + ":" + runId + ":" + toolCallId;
  }
}
