package dev.engram.toolexecutor.mcp;

import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletSseServerTransportProvider;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.File;
import java.nio.file.Files;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

/**
 * A real HTTP MCP server (the SDK's servlet transports, streamable HTTP or SSE, in an embedded Tomcat on a free
 * loopback port) that demands a bearer token, so a test can tell that tool-executor sends the stored secret.
 */
final class HttpTestMcpServer implements AutoCloseable {
  static final String TOKEN = "Bearer s3cr3t-token-for-tests";

  private final Tomcat tomcat = new Tomcat();
  private final McpSyncServer server;
  private final String path;

  /** A streamable HTTP server at {@code /mcp}, or with {@code sse} an SSE one at {@code /mcp/sse}. */
  HttpTestMcpServer(boolean sse) throws Exception {
    HttpServlet transport;
    if (sse) {
      HttpServletSseServerTransportProvider provider = HttpServletSseServerTransportProvider.builder()
          .jsonMapper(TestMcpTools.JSON).sseEndpoint("/mcp/sse").messageEndpoint("/mcp/message").build();
      server = McpServer.sync(provider).serverInfo("engram-test-sse", "1.0.0").tools(TestMcpTools.all()).build();
      transport = provider;
      path = "/mcp/sse";
    } else {
      HttpServletStreamableServerTransportProvider provider = HttpServletStreamableServerTransportProvider.builder()
          .jsonMapper(TestMcpTools.JSON).mcpEndpoint("/mcp").build();
      server = McpServer.sync(provider).serverInfo("engram-test-http", "1.0.0").tools(TestMcpTools.all()).build();
      transport = provider;
      path = "/mcp";
    }
    File base = Files.createTempDirectory("mcp-tomcat").toFile();
    tomcat.setBaseDir(base.getAbsolutePath());
    Connector connector = new Connector();
    connector.setPort(0);
    connector.setProperty("address", "127.0.0.1");
    tomcat.setConnector(connector);
    Context context = tomcat.addContext("", base.getAbsolutePath());
    Tomcat.addServlet(context, "mcp", transport).setAsyncSupported(true);
    context.addServletMappingDecoded("/mcp/*", "mcp");
    context.addServletMappingDecoded("/mcp", "mcp");
    FilterDef auth = new FilterDef();
    auth.setFilterName("auth");
    auth.setFilter((request, response, chain) -> {
      if (!TOKEN.equals(((HttpServletRequest) request).getHeader("Authorization"))) {
        ((HttpServletResponse) response).sendError(401, "missing or wrong token");
        return;
      }
      chain.doFilter(request, response);
    });
    auth.setAsyncSupported("true");
    context.addFilterDef(auth);
    FilterMap map = new FilterMap();
    map.setFilterName("auth");
    map.addURLPattern("/*");
    context.addFilterMap(map);
    tomcat.start();
  }

  /** The MCP endpoint's URL. */
  String url() {
    return "http://127.0.0.1:" + tomcat.getConnector().getLocalPort() + path;
  }

  @Override
  public void close() throws LifecycleException {
    server.close();
    tomcat.stop();
    tomcat.destroy();
  }
}
