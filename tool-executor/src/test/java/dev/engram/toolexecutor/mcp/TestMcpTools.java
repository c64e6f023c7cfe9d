package dev.engram.toolexecutor.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;

/** The tools of the tests' real MCP servers (stdio and HTTP), built with the MCP Java SDK's server side. */
final class TestMcpTools {
  static final McpJsonMapper JSON = new JacksonMcpJsonMapper(new ObjectMapper());

  static List<SyncToolSpecification> all() {
    return List.of(
        tool("echo", "Repeats the text it is given.", """
            {"type": "object", "properties": {"text": {"type": "string", "description": "What to repeat"}},
             "required": ["text"]}""",
            request -> text("echo: " + request.arguments().get("text"))),
        tool("add", "Adds two integers.", """
            {"type": "object", "properties": {"a": {"type": "integer"}, "b": {"type": "integer"}},
             "required": ["a", "b"]}""",
            request -> text(String.valueOf(((Number) request.arguments().get("a")).longValue()
                + ((Number) request.arguments().get("b")).longValue()))),
        tool("fail", "Always reports an error.", """
            {"type": "object", "properties": {}}""",
            request -> McpSchema.CallToolResult.builder().addTextContent("the tool failed on purpose").isError(true)
                .build()),
        tool("whoami", "The process id and one environment variable of the server.", """
            {"type": "object", "properties": {"variable": {"type": "string"}}}""",
            request -> text(ProcessHandle.current().pid() + " " + System.getenv(
                String.valueOf(request.arguments().getOrDefault("variable", "MCP_TEST_SECRET"))))),
        tool("sleep", "Sleeps for millis milliseconds.", """
            {"type": "object", "properties": {"millis": {"type": "integer"}}, "required": ["millis"]}""",
            request -> {
              try {
                Thread.sleep(((Number) request.arguments().get("millis")).longValue());
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return text("slept");
            }));
  }

  private static SyncToolSpecification tool(String name, String description, String schema,
      java.util.function.Function<McpSchema.CallToolRequest, McpSchema.CallToolResult> handler) {
    return SyncToolSpecification.builder()
        .tool(McpSchema.Tool.builder().name(name).description(description).inputSchema(JSON, schema).build())
        .callHandler((exchange, request) -> handler.apply(request))
        .build();
  }

  private static McpSchema.CallToolResult text(String text) {
    return McpSchema.CallToolResult.builder().addTextContent(text).isError(false).build();
  }

  private TestMcpTools() {
  }
}
