package dev.engram.steprunner.context;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits a compiled system prompt into its sections by their tags ({@code <memory_blocks>},
 * {@code <tool_usage_rules>}, {@code <directories>}, {@code <memory_filesystem>}, {@code <memory_metadata>});
 * everything outside them is the base instructions. Only whole {@code <tag>...</tag>} spans count, and tags
 * inside the memory blocks (a block's own text) are not mistaken for sections.
 */
public record PromptSections(String base, Map<String, String> sections) {
  public static final String MEMORY_BLOCKS = "memory_blocks";
  public static final String TOOL_USAGE_RULES = "tool_usage_rules";
  public static final String DIRECTORIES = "directories";
  public static final String MEMORY_FILESYSTEM = "memory_filesystem";
  public static final String MEMORY_METADATA = "memory_metadata";
  private static final List<String> TAGS = List.of(MEMORY_BLOCKS, TOOL_USAGE_RULES, DIRECTORIES, MEMORY_FILESYSTEM,
      MEMORY_METADATA);

  private record Span(String tag, int start, int end) {
  }

  /** The sections of {@code prompt}. */
  public static PromptSections of(String prompt) {
    String text = prompt == null ? "" : prompt;
    List<Span> spans = new ArrayList<>();
    Span blocks = span(text, MEMORY_BLOCKS, 0);
    if (blocks != null) {
      spans.add(blocks);
    }
    for (String tag : TAGS) {
      if (tag.equals(MEMORY_BLOCKS)) {
        continue;
      }
      Span s = span(text, tag, blocks == null ? 0 : blocks.end());
      if (s == null && blocks != null) {
        Span before = span(text, tag, 0);
        s = before != null && before.end() <= blocks.start() ? before : null;
      }
      if (s != null) {
        spans.add(s);
      }
    }
    spans.sort(Comparator.comparingInt(Span::start));
    Map<String, String> sections = new LinkedHashMap<>();
    StringBuilder base = new StringBuilder();
    int at = 0;
    for (Span s : spans) {
      if (s.start() < at) {
        continue;
      }
      base.append(text, at, s.start());
      sections.put(s.tag(), text.substring(s.start(), s.end()));
      at = s.end();
    }
    base.append(text.substring(at));
    return new PromptSections(base.toString().strip(), sections);
  }

  /** A section's text, or null if the prompt has none. */
  public String section(String tag) {
    return sections.get(tag);
  }

  private static Span span(String text, String tag, int from) {
    int start = text.indexOf("<" + tag + ">", from);
    if (start < 0) {
      return null;
    }
    String close = "</" + tag + ">";
    int end = text.indexOf(close, start);
    return end < 0 ? null : new Span(tag, start, end + close.length());
  }
}
