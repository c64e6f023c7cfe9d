// MCP servers through the official Letta SDK: a stdio server (a child process of tool-executor) and a streamable
// HTTP one (served by this script, bearer token required), their tools listed, attached to an agent and called by
// it; secrets never come back in clear; SSRF and unreachable servers are clear errors.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import net from 'node:net';
import { MODEL, client, ofType, script, send } from './support.mjs';
import { serveHttp } from './mcp-test-server.mjs';

const letta = client();
const suffix = `_${Date.now().toString(36)}`;
const TOKEN = `Bearer e2e-token-${suffix}`;
const ENV_SECRET = `env-secret-${suffix}`;

async function closedPort() {
  const server = net.createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('MCP servers through the Letta SDK', () => {
  let remote;
  let stdioServer;
  let httpServer;

  before(async () => {
    remote = await serveHttp(`_h${suffix}`, TOKEN);
    stdioServer = await letta.mcpServers.create({
      server_name: `e2e-stdio${suffix}`,
      config: {
        mcp_server_type: 'stdio',
        command: process.execPath,
        args: [fileURLToPath(new URL('./mcp-test-server.mjs', import.meta.url)), `_s${suffix}`],
        env: { MCP_E2E_SECRET: ENV_SECRET },
      },
    });
    httpServer = await letta.mcpServers.create({
      server_name: `e2e-http${suffix}`,
      config: {
        mcp_server_type: 'streamable_http',
        server_url: remote.url,
        auth_header: 'Authorization',
        auth_token: TOKEN,
        custom_headers: { 'X-Team': 'team-e2e' },
      },
    });
  });

  after(async () => {
    await remote?.close();
  });

  it('registers both servers and never answers their secrets in clear', async () => {
    assert.match(stdioServer.id, /^mcp_server-/);
    assert.equal(stdioServer.mcp_server_type, 'stdio');
    assert.equal(stdioServer.env.MCP_E2E_SECRET, '********');
    assert.equal(httpServer.mcp_server_type, 'streamable_http');
    assert.equal(httpServer.server_url, remote.url);
    assert.equal(httpServer.auth_token, '********');
    const fetched = await letta.mcpServers.retrieve(httpServer.id);
    assert.equal(fetched.server_name, `e2e-http${suffix}`);
    assert.equal(fetched.custom_headers['X-Team'], '********');
    const listed = await letta.mcpServers.list();
    const everything = JSON.stringify(listed);
    assert.ok(listed.some((s) => s.id === stdioServer.id) && listed.some((s) => s.id === httpServer.id));
    assert.ok(!everything.includes(TOKEN) && !everything.includes(ENV_SECRET) && !everything.includes('team-e2e'));
  });

  it('lists the tools each server offers as Letta tools and runs them', async () => {
    const stdioTools = await letta.mcpServers.tools.list(stdioServer.id);
    const echo = stdioTools.find((t) => t.name === `mcp_echo_s${suffix}`);
    assert.ok(echo, JSON.stringify(stdioTools.map((t) => t.name)));
    assert.match(echo.id, /^tool-/);
    assert.equal(echo.tool_type, 'external_mcp');
    assert.deepEqual(echo.json_schema.parameters.required, ['text']);
    assert.equal(echo.metadata_.mcp.server_id, stdioServer.id);
    const again = await letta.mcpServers.tools.retrieve(echo.id, { mcp_server_id: stdioServer.id });
    assert.equal(again.id, echo.id);

    const ran = await letta.mcpServers.tools.run(echo.id, { mcp_server_id: stdioServer.id, args: { text: 'hi' } });
    assert.equal(ran.status, 'success', JSON.stringify(ran));
    assert.equal(ran.func_return, 'echo: hi');

    const httpTools = await letta.mcpServers.tools.list(httpServer.id);
    const multiply = httpTools.find((t) => t.name === `mcp_multiply_h${suffix}`);
    const product = await letta.mcpServers.tools.run(multiply.id, { mcp_server_id: httpServer.id, args: { a: 6, b: 7 } });
    assert.equal(product.func_return, '42');
  });

  it('attaches MCP tools to an agent, which calls them and reads their results', async () => {
    const [stdioTools, httpTools] = await Promise.all([
      letta.mcpServers.tools.list(stdioServer.id), letta.mcpServers.tools.list(httpServer.id)]);
    const echo = stdioTools.find((t) => t.name === `mcp_echo_s${suffix}`);
    const multiply = httpTools.find((t) => t.name === `mcp_multiply_h${suffix}`);
    const fail = httpTools.find((t) => t.name === `mcp_fail_h${suffix}`);
    const agent = await letta.agents.create({
      name: `mcp-${suffix}`,
      model: MODEL,
      memory_blocks: [{ label: 'persona', value: 'I use MCP tools.' }],
    });
    for (const tool of [echo, multiply, fail]) {
      await letta.agents.tools.attach(tool.id, { agent_id: agent.id });
    }
    const reply = await send(letta, agent.id, `Use the tools. ${script([
      { tool: echo.name, args: { text: 'from the agent' } },
      { tool: multiply.name, args: { a: 3, b: 5 } },
      { text: 'Done.' }])}`);
    const returns = ofType(reply.messages, 'tool_return_message');
    assert.deepEqual(returns.map((r) => [r.status, r.tool_return]),
      [['success', 'echo: from the agent'], ['success', '15']], JSON.stringify(reply.messages));

    const failing = await send(letta, agent.id, `Try the failing one. ${script([
      { tool: fail.name, args: {} }, { text: 'It failed.' }])}`);
    const [err] = ofType(failing.messages, 'tool_return_message');
    assert.equal(err.status, 'error', JSON.stringify(err));
    assert.match(err.tool_return, /failed on purpose/);

    const history = [];
    for await (const m of letta.agents.messages.list(agent.id, { limit: 50 })) {
      history.push(m);
    }
    assert.ok(ofType(history, 'tool_return_message').some((r) => r.tool_return === '15'));
  });

  it('refuses link-local and metadata URLs and explains an unreachable server', async () => {
    await assert.rejects(letta.mcpServers.create({ server_name: `ssrf${suffix}`,
      config: { mcp_server_type: 'sse', server_url: 'http://169.254.169.254/latest/meta-data/' } }),
    (e) => e.status === 400 && /link-local/.test(JSON.stringify(e.error)));
    const down = await letta.mcpServers.create({ server_name: `down${suffix}`, config: {
      mcp_server_type: 'streamable_http', server_url: `http://127.0.0.1:${await closedPort()}/mcp` } });
    await assert.rejects(letta.mcpServers.tools.list(down.id), (e) => e.status === 502
      && e.error?.error?.type === 'mcp_connection_error' && /down_/.test(e.error.detail));
    await letta.mcpServers.delete(down.id);
  });

  it('refreshes and deletes a server, and its tools go with it', async () => {
    const summary = await letta.mcpServers.refresh(httpServer.id);
    assert.deepEqual(summary.deleted, []);
    assert.equal(summary.updated.length, 3, JSON.stringify(summary));
    const [echo] = (await letta.mcpServers.tools.list(stdioServer.id)).filter((t) => t.name.startsWith('mcp_echo'));
    await letta.mcpServers.delete(stdioServer.id);
    await assert.rejects(letta.mcpServers.retrieve(stdioServer.id), (e) => e.status === 404);
    await assert.rejects(letta.tools.retrieve(echo.id), (e) => e.status === 404);
    await letta.mcpServers.delete(httpServer.id);
  });
});
