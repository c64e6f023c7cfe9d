// Logging reverse proxy for watching the `letta` CLI (@letta-ai/letta-code) talk to Engram: every request and
// response (bodies cut at MAX_BODY characters) is appended to LOG, and the request is forwarded to TARGET.
//   TARGET=http://127.0.0.1:8283 PORT=18283 LOG=/tmp/letta-cli.log node logging-proxy.mjs
//   LETTA_BASE_URL=http://127.0.0.1:18283 letta -p "..."
//
// SHIM=1 is a DIAGNOSTIC, not a proposal: Engram has no conversations API yet, so to see what the CLI does after
// its first send it rewrites the "default" conversation's send (POST /v1/conversations/default/messages, agent_id in
// the body) to POST /v1/agents/{agent_id}/messages/stream. SHIM_SSE=1 sends it to the non-streaming
// POST /v1/agents/{agent_id}/messages instead and re-emits the returned messages as SSE (for an agent-api built
// without streaming). The shim never fakes a created conversation: run the CLI with `--conversation default`.
// DROP_AFTER=N cuts the first SSE response after N events, to watch the CLI retry (same otid) or resume
// (POST /v1/runs/{id}/stream; letta-code resumes only with --input-format stream-json or in the TUI).
import http from 'node:http';
import fs from 'node:fs';

const target = new URL(process.env.TARGET ?? 'http://127.0.0.1:8283');
const port = Number(process.env.PORT ?? 0);
const logFile = process.env.LOG ?? 'letta-cli-proxy.log';
const maxBody = Number(process.env.MAX_BODY ?? 4000);
const shimOn = process.env.SHIM === '1';
const shimSse = process.env.SHIM_SSE === '1';
let dropAfter = Number(process.env.DROP_AFTER ?? 0);

let counter = 0;
const log = (line) => fs.appendFileSync(logFile, line + '\n');
const cut = (buf) => {
  const s = buf.toString('utf8');
  return s.length > maxBody ? `${s.slice(0, maxBody)}...[${s.length} chars]` : s;
};

/** Returns [path, body, reEmitAsSse] for the upstream request. */
function shim(method, path, body, id) {
  const url = new URL(path, 'http://proxy');
  const m = url.pathname.match(/^\/v1\/conversations\/default\/messages\/?$/);
  if (!shimOn || !m || method !== 'POST') return [path, body, false];
  let json;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    return [path, body, false];
  }
  const agent = json.agent_id;
  if (!agent) return [path, body, false];
  delete json.agent_id;
  let upstream = `/v1/agents/${agent}/messages/stream`;
  if (shimSse) {
    json.streaming = false;
    delete json.stream_tokens;
    delete json.include_pings;
    delete json.background;
    upstream = `/v1/agents/${agent}/messages`;
  }
  log(`#${id} ~~~ shim ${method} ${path} -> ${upstream}`);
  return [upstream, Buffer.from(JSON.stringify(json)), shimSse];
}

/** The index just after the n-th complete `data:` event of an SSE text, or -1 while it has fewer. */
function endOfEvent(text, n) {
  let seen = 0;
  for (const m of text.matchAll(/^data:.*\n\n/gm)) {
    if (++seen === n) return m.index + m[0].length;
  }
  return -1;
}

function asSse(jsonBody) {
  const r = JSON.parse(jsonBody.toString('utf8'));
  let sse = '';
  for (const msg of r.messages ?? []) sse += `data: ${JSON.stringify(msg)}\n\n`;
  if (r.stop_reason) sse += `data: ${JSON.stringify(r.stop_reason)}\n\n`;
  if (r.usage) sse += `data: ${JSON.stringify(r.usage)}\n\n`;
  return sse + 'data: [DONE]\n\n';
}

const server = http.createServer((req, res) => {
  const id = ++counter;
  const started = Date.now();
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    log(`#${id} >>> ${req.method} ${req.url} ua=${req.headers['user-agent'] ?? ''}`
      + (body.length ? `\n    body: ${cut(body)}` : ''));
    const [path, upstreamBody, reEmit] = shim(req.method, req.url, body, id);
    const headers = { ...req.headers, host: target.host };
    if (upstreamBody.length) headers['content-length'] = String(upstreamBody.length);
    const up = http.request({ hostname: target.hostname, port: target.port, path, method: req.method, headers }, (ur) => {
      const out = [];
      const done = (text, type = ur.headers['content-type'] ?? '') => log(`#${id} <<< ${ur.statusCode} ${req.method}`
        + ` ${req.url} (${Date.now() - started} ms) ${type}\n    resp: ${text}`);
      if (reEmit && ur.statusCode === 200) {
        ur.on('data', (c) => out.push(c));
        ur.on('end', () => {
          const sse = asSse(Buffer.concat(out));
          res.writeHead(200, { 'content-type': 'text/event-stream' });
          res.end(sse);
          done(cut(Buffer.from(sse)), 'text/event-stream (re-emitted by the shim)');
        });
        return;
      }
      res.writeHead(ur.statusCode, ur.headers);
      const dropping = dropAfter > 0 && String(ur.headers['content-type'] ?? '').startsWith('text/event-stream');
      const limit = dropping ? dropAfter : 0;
      if (dropping) dropAfter = 0;
      let forwarded = 0;
      ur.on('data', (c) => {
        out.push(c);
        if (!limit) {
          res.write(c);
          return;
        }
        // Forward exactly the first `limit` events, however the upstream chunks them, then cut both sides.
        const all = Buffer.concat(out);
        const text = all.toString('utf8');
        const cutAt = endOfEvent(text, limit);
        const upTo = cutAt < 0 ? all.length : Buffer.byteLength(text.slice(0, cutAt));
        const part = all.subarray(forwarded, upTo);
        forwarded = upTo;
        if (cutAt < 0) {
          res.write(part);
          return;
        }
        log(`#${id} xxx connection dropped by the proxy after ${limit} events`);
        ur.destroy();
        res.write(part, () => res.destroy());
      });
      ur.on('end', () => {
        res.end();
        done(cut(Buffer.concat(out)));
      });
    });
    up.on('error', (e) => {
      log(`#${id} !!! upstream error ${e.message}`);
      res.writeHead(502, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ detail: `proxy: ${e.message}` }));
    });
    up.end(upstreamBody);
  });
});

server.listen(port, '127.0.0.1', () => console.log(`logging proxy on http://127.0.0.1:${server.address().port} -> ${target.origin}`));
