package dev.engram.contracts.api;

import java.util.List;
import java.util.Map;

/**
 * One of Letta's tool rules, in its wire shape: {@code type} discriminates the nine kinds and only the
 * fields of that kind are set ({@code children} for child and parent rules, {@code child_output_mapping},
 * {@code default_child} and {@code require_output_mapping} for conditional rules, {@code max_count_limit}
 * for max-count rules, {@code args} for run-first rules, {@code child_arg_nodes} for child rules).
 */
public record ToolRule(
    String type,
    String toolName,
    String promptTemplate,
    Map<String, Object> args,
    List<String> children,
    List<Map<String, Object>> childArgNodes,
    String defaultChild,
    Map<String, Object> childOutputMapping,
    Boolean requireOutputMapping,
    Integer maxCountLimit) {

  public static final String RUN_FIRST = "run_first";
  public static final String EXIT_LOOP = "exit_loop";
  public static final String CONTINUE_LOOP = "continue_loop";
  public static final String CONSTRAIN_CHILD_TOOLS = "constrain_child_tools";
  public static final String PARENT_LAST_TOOL = "parent_last_tool";
  public static final String CONDITIONAL = "conditional";
  public static final String MAX_COUNT_PER_STEP = "max_count_per_step";
  public static final String REQUIRED_BEFORE_EXIT = "required_before_exit";
  public static final String REQUIRES_APPROVAL = "requires_approval";

  /** Every kind, in the order of Letta's schema discriminator mapping. */
  public static final List<String> TYPES = List.of(RUN_FIRST, EXIT_LOOP, CONTINUE_LOOP, CONSTRAIN_CHILD_TOOLS,
      PARENT_LAST_TOOL, CONDITIONAL, MAX_COUNT_PER_STEP, REQUIRED_BEFORE_EXIT, REQUIRES_APPROVAL);

  /** A rule that names only its tool (terminal, continue, required-before-exit, requires-approval, run-first). */
  public static ToolRule of(String type, String toolName) {
    return new ToolRule(type, toolName, null, null, null, null, null, null, null, null);
  }

  /** A child or parent rule. */
  public static ToolRule withChildren(String type, String toolName, List<String> children) {
    return new ToolRule(type, toolName, null, null, children, null, null, null, null, null);
  }

  /** A conditional rule. */
  public static ToolRule conditional(String toolName, Map<String, Object> mapping, String defaultChild,
      boolean requireOutputMapping) {
    return new ToolRule(CONDITIONAL, toolName, null, null, null, null, defaultChild, mapping, requireOutputMapping,
        null);
  }

  /** A max-count-per-step rule. */
  public static ToolRule maxCount(String toolName, int limit) {
    return new ToolRule(MAX_COUNT_PER_STEP, toolName, null, null, null, null, null, null, null, limit);
  }

  /** Children of a child or parent rule, never null. */
  public List<String> childrenOrEmpty() {
    return children == null ? List.of() : children;
  }

  /**
   * Why this rule is malformed (Letta's validation, as a 422 detail), or null when it is valid.
   * {@code at} prefixes the message with the rule's position in the request.
   */
  public String problem(String at) {
    if (type == null || !TYPES.contains(type)) {
      return at + ".type: Input tag '" + type + "' found using 'type' does not match any of the expected tags: "
          + String.join(", ", TYPES.stream().map(t -> "'" + t + "'").toList());
    }
    if (toolName == null || toolName.isBlank()) {
      return at + ".tool_name: Field required";
    }
    return switch (type) {
      case CONSTRAIN_CHILD_TOOLS, PARENT_LAST_TOOL -> children == null ? at + ".children: Field required" : null;
      case CONDITIONAL -> childOutputMapping == null || childOutputMapping.isEmpty()
          ? at + ".child_output_mapping: Conditional tool rule must have at least one child tool." : null;
      case MAX_COUNT_PER_STEP -> maxCountLimit == null ? at + ".max_count_limit: Field required"
          : maxCountLimit < 0 ? at + ".max_count_limit: Input should be greater than or equal to 0" : null;
      default -> null;
    };
  }
}
