package dev.engram.agentapi.secret;

import dev.engram.contracts.Ids;
import dev.engram.platform.rest.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * An agent's secrets (Letta's {@code secrets}, and the deprecated {@code tool_exec_environment_variables} that
 * means the same): validated, stored, shown masked. Their values leave agent-api only through the internal API
 * tool-executor reads when it runs one of the agent's tools.
 */
@ApplicationScoped
public class AgentSecrets {
  /** What API responses show instead of a value; sending it back in an update keeps the stored value. */
  public static final String MASK = "********";
  /** Letta's id prefix of agent environment variables. */
  static final String PREFIX = "agent-env";

  private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final int MAX_KEY = 256;

  private final AgentSecretRepository secrets;

  AgentSecrets(AgentSecretRepository secrets) {
    this.secrets = secrets;
  }

  /**
   * The secrets a create or update request asks for: {@code tool_exec_environment_variables} overlaid by
   * {@code secrets}; null when the request names neither (an update then leaves them as they are). 422 for a key
   * that cannot be an environment variable name or a null value.
   */
  public static Map<String, String> fromRequest(Map<String, String> secrets, Map<String, String> legacy) {
    if (secrets == null && legacy == null) {
      return null;
    }
    Map<String, String> merged = new LinkedHashMap<>();
    validateInto(merged, legacy, "tool_exec_environment_variables");
    validateInto(merged, secrets, "secrets");
    return merged;
  }

  private static void validateInto(Map<String, String> into, Map<String, String> given, String field) {
    if (given == null) {
      return;
    }
    for (Map.Entry<String, String> e : given.entrySet()) {
      if (e.getKey() == null || e.getKey().length() > MAX_KEY || !KEY.matcher(e.getKey()).matches()) {
        throw ApiException.unprocessable(field + ": '" + e.getKey() + "' is not a valid environment variable name "
            + "(letters, digits and underscores, not starting with a digit)");
      }
      if (e.getValue() == null) {
        throw ApiException.unprocessable(field + "." + e.getKey() + ": Input should be a valid string");
      }
      into.put(e.getKey(), e.getValue());
    }
  }

  /**
   * Makes {@code wanted} the agent's whole set of secrets (inside the caller's transaction). A value equal to
   * {@link #MASK} keeps the stored value of that key, so a client may send back what it read.
   */
  public void replace(String agentId, Map<String, String> wanted) {
    Map<String, String> stored = values(agentId);
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    for (Map.Entry<String, String> e : wanted.entrySet()) {
      String value = MASK.equals(e.getValue()) && stored.containsKey(e.getKey()) ? stored.get(e.getKey()) : e.getValue();
      secrets.upsert(new AgentSecret(newId(), agentId, e.getKey(), value, now, now));
    }
    secrets.deleteOthers(agentId, List.copyOf(wanted.keySet()));
  }

  /** The agent's secrets as API responses show them: keys with masked values. */
  public List<AgentSecretView> views(String agentId) {
    return secrets.forAgent(agentId).stream()
        .map(s -> new AgentSecretView(s.id(), s.key(), MASK, null, agentId, Ids.DEFAULT_USER, Ids.DEFAULT_USER,
            s.createdAt(), s.updatedAt()))
        .toList();
  }

  /** The agent's secrets in clear, for the environment of its tool calls. */
  public Map<String, String> values(String agentId) {
    Map<String, String> out = new LinkedHashMap<>();
    for (AgentSecret s : secrets.forAgent(agentId)) {
      out.put(s.key(), s.value());
    }
    return out;
  }

  /** Letta's {@code agent-env-<uuid4>} ids. */
  private static String newId() {
    return PREFIX + "-" + UUID.randomUUID();
  }
}
