package dev.engram.contracts;

import java.util.UUID;
import java.util.regex.Pattern;

/** Letta-compatible prefixed ids ({@code agent-<uuid4>}): the one place ids are made and checked. */
public final class Ids {
  public static final String AGENT = "agent";
  public static final String MESSAGE = "message";
  public static final String RUN = "run";
  public static final String STEP = "step";
  public static final String BLOCK = "block";
  public static final String TOOL = "tool";
  public static final String EVENT = "event";
  public static final String USER = "user";
  public static final String ORG = "org";
  public static final String ARCHIVE = "archive";
  public static final String PASSAGE = "passage";
  public static final String MCP_SERVER = "mcp_server";
  /** A conversation of an agent other than its default one (Letta's {@code conv-<uuid4>}). */
  public static final String CONVERSATION = "conv";

  /** The default actor of a server without authentication, as Letta has it. */
  public static final String DEFAULT_USER = "user-00000000-0000-4000-8000-000000000000";
  public static final String DEFAULT_ORG = "org-00000000-0000-4000-8000-000000000000";

  private static final Pattern UUID4 =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");

  /** A fresh id with the given prefix. */
  public static String newId(String prefix) {
    return prefix + "-" + UUID.randomUUID();
  }

  /** Whether {@code id} is {@code <prefix>-<uuid4>} in lower case, as Letta's path validators require. */
  public static boolean isValid(String prefix, String id) {
    return id != null
        && id.length() == prefix.length() + 37
        && id.startsWith(prefix + "-")
        && UUID4.matcher(id).region(prefix.length() + 1, id.length()).matches();
  }

  /** Letta's 422 message for an id that does not match its pattern. */
  public static String patternMessage(String prefix) {
    return "String should match pattern '^" + prefix + "-[a-fA-F0-9]{8}'";
  }

  private Ids() {
  }
}
