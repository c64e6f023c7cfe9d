package dev.engram.toolexecutor.schema;

/** Body of {@code POST /internal/tools/schema}: a tool's Python source and, optionally, which function is the tool. */
public record SchemaRequest(String sourceCode, String name) {
}
