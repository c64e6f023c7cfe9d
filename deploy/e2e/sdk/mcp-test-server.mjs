// A real MCP server (the official TypeScript MCP SDK) for the MCP scripts: run as a stdio server by tool-executor
// (`node mcp-test-server.mjs`), or served over streamable HTTP in-process by `serveHttp` (bearer token required).
import http from 'node:http';
import { pathToFileURL } from 'node:url';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';

const TOOLS = [
  {
    name: 'mcp_echo',
    description: 'Repeats the text it is given.',
    inputSchema: { type: 'object', properties: { text: { type: 'string', description: 'What to repeat' } },
      required: ['text'] },
  },
  {
    name: 'mcp_multiply',
    description: 'Multiplies two numbers.',
    inputSchema: { type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } },
      required: ['a', 'b'] },
  },
  {
    name: 'mcp_fail',
    description: 'Always reports an error.',
    inputSchema: { type: 'object', properties: {} },
  },
];

/** A new MCP server whose tool names end in `suffix` (so two servers in one Engram do not collide). */
export function buildServer(suffix) {
  const server = new Server({ name: `engram-e2e${suffix}`, version: '1.0.0' }, { capabilities: { tools: {} } });
  server.setRequestHandler(ListToolsRequestSchema, async () => ({
    tools: TOOLS.map((t) => ({ ...t, name: t.name + suffix })),
  }));
  server.setRequestHandler(CallToolRequestSchema, async (request) => {
    const name = request.params.name.slice(0, request.params.name.length - suffix.length);
    const args = request.params.arguments ?? {};
    switch (name) {
      case 'mcp_echo':
        return { content: [{ type: 'text', text: `echo: ${args.text}` }] };
      case 'mcp_multiply':
        return { content: [{ type: 'text', text: String(args.a * args.b) }] };
      case 'mcp_fail':
        return { content: [{ type: 'text', text: 'the MCP tool failed on purpose' }], isError: true };
      default:
        return { content: [{ type: 'text', text: `unknown tool ${request.params.name}` }], isError: true };
    }
  });
  return server;
}

/** Serves the tools over streamable HTTP on a free loopback port; resolves to { url, close }. */
export function serveHttp(suffix, token) {
  const httpServer = http.createServer(async (req, res) => {
    if (req.headers.authorization !== token) {
      res.writeHead(401).end('missing or wrong token');
      return;
    }
    // Stateless: one server and transport per request.
    const server = buildServer(suffix);
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on('close', () => {
      transport.close();
      server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res);
  });
  return new Promise((resolve) => {
    httpServer.listen(0, '127.0.0.1', () => {
      const { port } = httpServer.address();
      resolve({
        url: `http://127.0.0.1:${port}/mcp`,
        close: () => new Promise((done) => {
          httpServer.closeAllConnections();
          httpServer.close(done);
        }),
      });
    });
  });
}

// `node mcp-test-server.mjs SUFFIX` serves stdio; with `--http` it serves HTTP (token from MCP_TOKEN) and prints
// its URL as the first line of stdout (the benchmark starts it that way).
if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const suffix = process.argv[2] ?? '';
  if (process.argv.includes('--http')) {
    const { url } = await serveHttp(suffix, process.env.MCP_TOKEN);
    console.log(url);
  } else {
    await buildServer(suffix).connect(new StdioServerTransport());
  }
}
