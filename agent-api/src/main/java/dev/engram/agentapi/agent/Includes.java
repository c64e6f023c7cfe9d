package dev.engram.agentapi.agent;

import dev.engram.platform.rest.ApiException;
import java.util.List;

/** Which relations of an agent a read joins ({@code include[]}); the rest come back empty, as in Letta 1.0. */
public record Includes(boolean blocks, boolean tools, boolean tags, boolean pendingApproval, boolean secrets) {
  /** Everything: what create and update return. */
  public static final Includes ALL = new Includes(true, true, true, true, true);

  private static final List<String> KNOWN = List.of("agent.blocks", "agent.identities", "agent.managed_group",
      "agent.pending_approval", "agent.secrets", "agent.sources", "agent.tags", "agent.tools");

  /** Parses {@code include} values; an unknown value is a 422 as Letta's enum validation makes it. */
  public static Includes parse(List<String> values) {
    for (String v : values) {
      if (!KNOWN.contains(v)) {
        throw ApiException.unprocessable("include: Input should be " + String.join(", ",
            KNOWN.stream().map(k -> "'" + k + "'").toList()) + " (got '" + v + "')");
      }
    }
    return new Includes(values.contains("agent.blocks"), values.contains("agent.tools"),
        values.contains("agent.tags"), values.contains("agent.pending_approval"), values.contains("agent.secrets"));
  }
}
