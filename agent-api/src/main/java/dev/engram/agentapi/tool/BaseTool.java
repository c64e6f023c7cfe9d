package dev.engram.agentapi.tool;

import java.util.Map;

/** A built-in tool as seeded into the registry: name, kind, schema and whether calls may run in parallel. */
public record BaseTool(String name, String toolType, String description, Map<String, Object> jsonSchema,
    boolean parallelSafe) {
}
