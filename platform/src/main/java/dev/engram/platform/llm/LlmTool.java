package dev.engram.platform.llm;

import java.util.Map;

/** A tool offered to the model: name, description and JSON-schema parameters. */
public record LlmTool(String name, String description, Map<String, Object> parameters) {
}
