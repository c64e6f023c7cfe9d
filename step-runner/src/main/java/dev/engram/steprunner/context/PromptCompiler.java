package dev.engram.steprunner.context;

import dev.engram.contracts.api.BlockView;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * Compiles an agent's system prompt: its instructions, then its core memory blocks, then metadata
 * about the memory it cannot see. The blocks section alone decides whether the stored prompt is
 * stale, so ordinary steps leave the prompt byte-identical and provider prefix caches stay warm.
 */
public final class PromptCompiler {
  private static final String CORE_MEMORY = "{CORE_MEMORY}";
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd hh:mm:ss a zzz", Locale.US);

  /** The {@code <memory_blocks>} section for these blocks. */
  public static String blocksSection(List<BlockView> blocks) {
    StringBuilder out = new StringBuilder("<memory_blocks>\nYour core memory, always visible to you and editable "
        + "with your memory tools:\n");
    for (BlockView b : blocks) {
      if (Boolean.TRUE.equals(b.hidden())) {
        continue;
      }
      String value = b.value() == null ? "" : b.value();
      out.append('\n').append('<').append(b.label()).append(">\n");
      if (b.description() != null && !b.description().isBlank()) {
        out.append("<description>\n").append(b.description()).append("\n</description>\n");
      }
      out.append("<metadata>\n");
      if (Boolean.TRUE.equals(b.readOnly())) {
        out.append("- read_only=true\n");
      }
      out.append("- chars_current=").append(value.length()).append('\n');
      out.append("- chars_limit=").append(b.limit() == null ? 100000 : b.limit()).append('\n');
      out.append("</metadata>\n<value>\n").append(value).append("\n</value>\n</").append(b.label()).append(">\n");
    }
    return out.append("</memory_blocks>").toString();
  }

  /** The whole system prompt. */
  public static String compile(String system, String agentId, List<BlockView> blocks, long recallCount,
      String timezone, Instant now) {
    ZoneId zone = zone(timezone);
    String memory = blocksSection(blocks) + "\n\n<memory_metadata>\n"
        + "- AGENT_ID: " + agentId + "\n"
        + "- System prompt last recompiled: " + STAMP.format(now.atZone(zone)) + "\n"
        + "- " + recallCount + " earlier messages with the user are kept in recall memory; "
        + "search them with conversation_search\n"
        + "</memory_metadata>";
    String base = system == null ? "" : system;
    return base.contains(CORE_MEMORY) ? base.replace(CORE_MEMORY, memory) : base + "\n\n" + memory;
  }

  /** Whether a stored prompt still shows exactly these blocks. */
  public static boolean isCurrent(String storedPrompt, String system, List<BlockView> blocks) {
    return storedPrompt != null
        && storedPrompt.startsWith(system == null || system.contains(CORE_MEMORY) ? "" : system)
        && storedPrompt.contains(blocksSection(blocks));
  }

  private static ZoneId zone(String timezone) {
    try {
      return timezone == null ? ZoneId.of("UTC") : ZoneId.of(timezone);
    } catch (RuntimeException e) {
      return ZoneId.of("UTC");
    }
  }

  private PromptCompiler() {
  }
}
