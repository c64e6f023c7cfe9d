package dev.engram.steprunner.context;

import dev.engram.contracts.MemoryPrompt;
import dev.engram.contracts.api.BlockView;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compiles an agent's system prompt the way Letta lays it out: the instructions, then the memory
 * string ({@code <memory_blocks>}, {@code <tool_usage_rules>}), a blank line and
 * {@code <memory_metadata>}; the memory string replaces {@code {CORE_MEMORY}} when the instructions
 * contain it and is appended after a blank line otherwise.
 *
 * <p>The stored prompt is rewritten only when what it shows changed: {@link #refresh} compiles again
 * with the stored "last recompiled" time and compares, so ordinary steps leave the prompt
 * byte-identical and provider prefix caches stay warm.
 */
public final class PromptCompiler {
  /** The placeholder the instructions may carry for the memory string. */
  public static final String CORE_MEMORY = "{CORE_MEMORY}";
  /** The line of {@code <memory_metadata>} that carries the time of the last recompilation. */
  static final String RECOMPILED_PREFIX = "- System prompt last recompiled: ";

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd hh:mm:ss a zzzxx", Locale.US);
  private static final Pattern RECOMPILED = Pattern.compile("^" + Pattern.quote(RECOMPILED_PREFIX) + "(.*)$",
      Pattern.MULTILINE);
  /** Agent types whose prompt carries no memory blocks (Letta's react and workflow agents). */
  private static final Set<String> WITHOUT_BLOCKS = Set.of("react_agent", "workflow_agent");
  /** Agent types that see line-numbered block values when they run on an Anthropic model. */
  private static final Set<String> LINE_NUMBERED_TYPES = Set.of("letta_v1_agent", "memgpt_v2_agent",
      "sleeptime_agent");

  /**
   * Everything a system prompt shows.
   *
   * @param system the agent's instructions (may contain {@link #CORE_MEMORY})
   * @param toolRules the rendered {@code <tool_usage_rules>} section with its leading blank line, or ""
   * @param recallCount stored messages of the agent that are not in its context window
   */
  public record Inputs(String system, String agentType, String modelHandle, String agentId, String conversationId,
      List<BlockView> blocks, String toolRules, long recallCount, long archivalCount, List<String> archivalTags,
      String timezone) {

    public Inputs {
      blocks = blocks == null ? List.of() : List.copyOf(blocks);
      archivalTags = archivalTags == null ? List.of() : List.copyOf(archivalTags);
      toolRules = toolRules == null ? "" : toolRules;
      conversationId = conversationId == null ? "default" : conversationId;
    }

    /** The same inputs with another recall count (after messages left the window). */
    public Inputs withRecallCount(long count) {
      return new Inputs(system, agentType, modelHandle, agentId, conversationId, blocks, toolRules, count,
          archivalCount, archivalTags, timezone);
    }
  }

  /** The whole system prompt, recompiled at {@code now}. */
  public static String compile(Inputs in, Instant now) {
    return compile(in, stamp(now, in.timezone()));
  }

  /**
   * The prompt to store instead of {@code stored}, or empty when {@code stored} already shows exactly
   * these inputs (only the recompilation time would differ).
   */
  public static Optional<String> refresh(String stored, Inputs in, Instant now) {
    if (stored != null) {
      Matcher m = RECOMPILED.matcher(stored);
      if (m.find() && compile(in, m.group(1)).equals(stored)) {
        return Optional.empty();
      }
    }
    return Optional.of(compile(in, now));
  }

  /**
   * The prompt for these inputs, keeping the "last recompiled" time of {@code stored} unless
   * {@code updateTimestamp} (or {@code stored} shows none).
   */
  public static String recompile(String stored, Inputs in, boolean updateTimestamp, Instant now) {
    if (!updateTimestamp && stored != null) {
      Matcher m = RECOMPILED.matcher(stored);
      if (m.find()) {
        return compile(in, m.group(1));
      }
    }
    return compile(in, now);
  }

  /** The memory string: blocks and tool rules, without the metadata. */
  public static String memory(Inputs in) {
    if (WITHOUT_BLOCKS.contains(in.agentType())) {
      // Nothing precedes the rules, so their separating blank line would only pad the prompt.
      return in.toolRules().stripLeading();
    }
    StringBuilder out = new StringBuilder();
    blocks(out, in.blocks(), lineNumbered(in.agentType(), in.modelHandle()));
    return out.append(in.toolRules()).toString();
  }

  /** The {@code <memory_metadata>} section. */
  public static String metadata(Inputs in, String recompiledAt) {
    StringBuilder out = new StringBuilder("<memory_metadata>\n")
        .append("- AGENT_ID: ").append(in.agentId()).append('\n')
        .append("- CONVERSATION_ID: ").append(in.conversationId()).append('\n')
        .append(RECOMPILED_PREFIX).append(recompiledAt).append('\n')
        .append("- ").append(in.recallCount())
        .append(" earlier messages between you and the user are kept in recall memory; search them with your "
            + "tools\n");
    if (in.archivalCount() > 0) {
      out.append("- ").append(in.archivalCount())
          .append(" memories you saved are kept in archival memory; search them with your tools\n");
    }
    if (!in.archivalTags().isEmpty()) {
      out.append("- Tags used in archival memory: ").append(String.join(", ", in.archivalTags())).append('\n');
    }
    return out.append("</memory_metadata>").toString();
  }

  /** Whether values are shown with line numbers: Letta does so for some agent types on Anthropic models. */
  static boolean lineNumbered(String agentType, String modelHandle) {
    return LINE_NUMBERED_TYPES.contains(agentType) && modelHandle != null && modelHandle.startsWith("anthropic/");
  }

  /** The recompilation time as the prompt shows it, in the agent's timezone. */
  static String stamp(Instant when, String timezone) {
    return STAMP.format(when.atZone(zone(timezone)));
  }

  private static String compile(Inputs in, String recompiledAt) {
    String memory = memory(in) + "\n\n" + metadata(in, recompiledAt);
    String base = in.system() == null ? "" : in.system();
    return base.contains(CORE_MEMORY) ? base.replace(CORE_MEMORY, memory) : base + "\n\n" + memory;
  }

  private static void blocks(StringBuilder out, List<BlockView> all, boolean numbered) {
    List<BlockView> shown = all.stream().filter(b -> !Boolean.TRUE.equals(b.hidden())).toList();
    out.append("<memory_blocks>\nYour core memory: these blocks are always in front of you, and you keep them "
        + "up to date with your memory tools.\n\n");
    for (int i = 0; i < shown.size(); i++) {
      BlockView b = shown.get(i);
      String value = b.value() == null ? "" : b.value();
      String description = b.description() != null ? b.description() : MemoryPrompt.defaultDescription(b.label());
      out.append('<').append(b.label()).append(">\n")
          .append("<description>\n").append(description == null ? "" : description).append("\n</description>\n")
          .append("<metadata>");
      if (Boolean.TRUE.equals(b.readOnly())) {
        out.append("\n- read_only=true");
      }
      out.append("\n- chars_current=").append(value.length())
          .append("\n- chars_limit=").append(b.limit() == null ? 0 : b.limit()).append("\n</metadata>\n")
          .append("<value>\n");
      if (numbered) {
        out.append(MemoryPrompt.LINE_NUMBER_NOTE).append('\n');
        if (!value.isEmpty()) {
          String[] lines = value.split("\n", -1);
          for (int n = 0; n < lines.length; n++) {
            out.append(n + 1).append("→ ").append(lines[n]).append('\n');
          }
        }
      } else {
        out.append(value).append('\n');
      }
      out.append("</value>\n</").append(b.label()).append(">\n");
      if (i < shown.size() - 1) {
        out.append('\n');
      }
    }
    out.append("\n</memory_blocks>");
  }

  private static ZoneId zone(String timezone) {
    try {
      return timezone == null || timezone.isBlank() ? ZoneId.of("UTC") : ZoneId.of(timezone);
    } catch (RuntimeException e) {
      return ZoneId.of("UTC");
    }
  }

  private PromptCompiler() {
  }
}
