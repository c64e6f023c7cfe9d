package dev.engram.toolexecutor.mcp;

import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import java.io.File;
import java.io.PrintStream;
import java.util.List;

/** A real MCP server over stdio (the SDK's server), started by the tests as a child process of tool-executor. */
public final class StdioTestMcpServer {

  public static void main(String[] args) throws InterruptedException {
    // Only the protocol may reach stdout: anything else printed (logging) goes to stderr.
    PrintStream protocol = System.out;
    System.setOut(System.err);
    McpServer.sync(new StdioServerTransportProvider(TestMcpTools.JSON, System.in, protocol))
        .serverInfo("engram-test-stdio", "1.0.0")
        .tools(TestMcpTools.all())
        .build();
    // The transport reads stdin on its own threads; the process ends when tool-executor closes the session.
    Thread.currentThread().join();
  }

  /** The command and arguments that start this server with the test classpath. */
  static List<String> commandLine() {
    return List.of(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
        "-Xmx64m", "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"), StdioTestMcpServer.class.getName());
  }

  private StdioTestMcpServer() {
  }
}
