// The `letta` CLI (@letta-ai/letta-code, pinned in package.json, run from node_modules/.bin) against Engram, as
// docs/letta-cli.md describes it: headless prompts with a fresh HOME and working directory, offline (the guard in
// ../letta-cli/offline.mjs fails every non-loopback connection), telemetry and the update check off. What the CLI
// did is checked through the official SDK: memory blocks, the agent's messages, runs.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MODEL, client, history, ofType, script, textOf } from './support.mjs';

const letta = client();
const suffix = Date.now().toString(36);
const LETTA_BIN = fileURLToPath(new URL('./node_modules/.bin/letta', import.meta.url));
const OFFLINE_GUARD = new URL('../letta-cli/offline.mjs', import.meta.url).href;
const PROXY = fileURLToPath(new URL('../letta-cli/logging-proxy.mjs', import.meta.url));
// A CLI run takes 2-4 s; the margin is for a loaded machine. Three hung runs still fit LettaSdkIT's 4 min per script.
const CLI_TIMEOUT_MS = 60_000;
const CASE = { timeout: 2 * CLI_TIMEOUT_MS };

const workspaces = [];
const proxies = [];

/** A fresh HOME and working directory for one CLI run, so that no settings or last agent carry over. */
function workspace() {
  const root = mkdtempSync(join(tmpdir(), 'engram-letta-cli-'));
  const ws = { root, home: join(root, 'home'), cwd: join(root, 'work'), netLog: join(root, 'net.log') };
  mkdirSync(ws.home);
  mkdirSync(ws.cwd);
  workspaces.push(ws);
  return ws;
}

/**
 * Runs `letta <args>` to its end (killed after CLI_TIMEOUT_MS); resolves with its exit code and output. `input` is
 * written to its stdin, which is closed at once, or only once `endInputWhen(stdout)` holds (a bidirectional client).
 */
function runLetta(ws, args, { input = '', endInputWhen, baseUrl = process.env.LETTA_BASE_URL } = {}) {
  const env = {
    ...process.env,
    HOME: ws.home,
    LETTA_BASE_URL: baseUrl,
    LETTA_API_KEY: 'engram',
    LETTA_CODE_TELEM: '0',
    DISABLE_AUTOUPDATER: '1',
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import=${OFFLINE_GUARD}`.trim(),
    OFFLINE: '1',
    NET_LOG: ws.netLog,
  };
  return new Promise((resolve, reject) => {
    // Its own process group, so that a timeout also ends anything the CLI started.
    const child = spawn(LETTA_BIN, args, { cwd: ws.cwd, env, detached: true });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (d) => {
      stdout += d;
      if (endInputWhen && !child.stdin.writableEnded && endInputWhen(stdout)) {
        child.stdin.end();
      }
    });
    child.stderr.setEncoding('utf8').on('data', (d) => { stderr += d; });
    const timer = setTimeout(() => {
      timedOut = true;
      process.kill(-child.pid, 'SIGKILL');
    }, CLI_TIMEOUT_MS);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, timedOut, stdout, stderr });
    });
    // A CLI that exits early closes its stdin (EPIPE here); its exit code and stderr tell what happened.
    child.stdin.on('error', () => {});
    if (endInputWhen) {
      child.stdin.write(input);
    } else {
      child.stdin.end(input);
    }
  });
}

function assertSucceeded(run) {
  assert.ok(!run.timedOut && run.code === 0,
    `letta exited with ${run.code} (signal ${run.signal}, timed out: ${run.timedOut})\n`
    + `--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}`);
}

/** The offline guard was loaded into the CLI (it logged the connections to Engram); every other host failed. */
function assertRanOffline(ws, baseUrl) {
  const lines = readFileSync(ws.netLog, 'utf8').trim().split('\n');
  const { port } = new URL(baseUrl);
  assert.ok(lines.some((l) => l.includes(`127.0.0.1:${port}`)), `no connection to ${baseUrl} logged: ${lines}`);
  const reached = lines.filter((l) => !l.includes('BLOCKED') && !/ (127\.0\.0\.1|localhost|::1):/.test(l));
  assert.deepEqual(reached, [], 'only loopback connections got through');
}

/** The logging proxy between the CLI and Engram (DROP_AFTER=n cuts the first SSE response after n events). */
function startProxy(ws, dropAfter = 0) {
  const log = join(ws.root, 'proxy.log');
  const child = spawn(process.execPath, [PROXY], {
    env: { ...process.env, TARGET: process.env.LETTA_BASE_URL, PORT: '0', LOG: log, DROP_AFTER: String(dropAfter) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  proxies.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`the proxy exited with ${code} before listening: ${out}`)));
    child.stdout.setEncoding('utf8').on('data', (d) => {
      out += d;
      const url = out.match(/http:\/\/127\.0\.0\.1:\d+/)?.[0];
      if (url) {
        resolve({ url, log: () => readFileSync(log, 'utf8') });
      }
    });
  });
}

/** The proxy's log lines for responses: `#n <<< status METHOD path (ms) content-type`. */
function responses(proxyLog) {
  return proxyLog.split('\n').filter((l) => /^#\d+ <<< /.test(l));
}

/** Every message of one conversation, oldest first. */
async function conversationMessages(conversationId) {
  const all = [];
  for await (const m of letta.conversations.messages.list(conversationId, { order: 'asc', limit: 50 })) {
    all.push(m);
  }
  return all;
}

function occurrences(text, part) {
  return text.split(part).length - 1;
}

function memoryInsert(line, answer) {
  return script([
    { tool: 'memory', args: { command: 'insert', path: '/memories/human', insert_line: -1, insert_text: line } },
    { text: answer },
  ]);
}


describe('the letta CLI against Engram, offline', () => {
  after(() => {
    for (const proxy of proxies) {
      proxy.kill();
    }
    for (const ws of workspaces) {
      rmSync(ws.root, { recursive: true, force: true });
    }
  });

  it('creates an agent and edits its human block with Engram\'s memory tool in the default conversation', CASE,
    async () => {
      const ws = workspace();
      const line = `The user's name is Sam ${suffix}.`;
      const answer = `Noted, Sam ${suffix}.`;
      const run = await runLetta(ws, ['--new-agent', '-m', MODEL, '--conversation', 'default',
        '--base-tools', 'memory', '--tools', 'Read', '--output-format', 'json',
        '-p', `Remember my name. ${memoryInsert(line, answer)}`]);
      assertSucceeded(run);
      assertRanOffline(ws, process.env.LETTA_BASE_URL);
      const result = JSON.parse(run.stdout);
      assert.equal(result.type, 'result', run.stdout);
      assert.equal(result.is_error, false, run.stdout);
      assert.equal(result.result, answer);
      assert.equal(result.conversation_id, 'default');
      assert.match(result.agent_id, /^agent-/);

      const human = await letta.agents.blocks.retrieve('human', { agent_id: result.agent_id });
      assert.equal(occurrences(human.value, line), 1, human.value);
      // `--tools Read` kept the CLI's own memory tool out, so the call ran on the server: no approval asked.
      const messages = await history(letta, result.agent_id, 50);
      assert.deepEqual(ofType(messages, 'approval_request_message'), []);
      const call = ofType(messages, 'tool_call_message').map((m) => m.tool_call.name);
      assert.deepEqual(call, ['memory']);
      assert.equal(ofType(messages, 'tool_return_message')[0].status, 'success');
    });

  it('runs its own Read tool through an approval round trip over SSE', CASE, async () => {
    const ws = workspace();
    const word = `pelican-${suffix}`;
    const note = join(ws.cwd, 'note.txt');
    writeFileSync(note, `The secret word is ${word}.\n`);
    const answer = `The note says ${word}.`;
    const proxy = await startProxy(ws);
    const run = await runLetta(ws, ['--new-agent', '-m', MODEL, '--conversation', 'default', '--output-format', 'json',
      '-p', `Read the note. ${script([{ tool: 'Read', args: { file_path: note } }, { text: answer }])}`],
    { baseUrl: proxy.url });
    assertSucceeded(run);
    assertRanOffline(ws, proxy.url);
    const result = JSON.parse(run.stdout);
    assert.equal(result.result, answer, run.stdout);

    // Two streamed sends: the prompt (ending in the approval request) and the CLI's tool return.
    const sends = responses(proxy.log()).filter((l) => l.includes(' POST /v1/conversations/default/messages '));
    assert.equal(sends.length, 2, sends.join('\n'));
    assert.ok(sends.every((l) => / <<< 200 .*text\/event-stream/.test(l)), sends.join('\n'));

    const messages = await history(letta, result.agent_id, 50);
    const requested = ofType(messages, 'approval_request_message');
    assert.equal(requested.length, 1, JSON.stringify(messages));
    assert.equal(requested[0].tool_call.name, 'Read');
    const returned = ofType(messages, 'tool_return_message');
    assert.equal(returned.length, 1, JSON.stringify(messages));
    assert.equal(returned[0].status, 'success');
    assert.equal(returned[0].tool_call_id, requested[0].tool_call.tool_call_id);
    assert.match(String(returned[0].tool_return), new RegExp(`The secret word is ${word}\\.`));
    assert.equal(ofType(messages, 'assistant_message').map((m) => textOf(m.content)).join(''), answer);
  });

  it('resumes a stream cut mid-run in the bidirectional mode, and the memory edit happens once', CASE, async () => {
    const ws = workspace();
    const line = `The user's name is Kim ${suffix}.`;
    const answer = `Noted, Kim ${suffix}.`;
    const proxy = await startProxy(ws, 2);
    const input = JSON.stringify({ type: 'user', message: { role: 'user', content: `Remember my name. ${memoryInsert(line, answer)}` } });
    const run = await runLetta(ws, ['--new-agent', '-m', MODEL, '--conversation', 'default',
      '--base-tools', 'memory', '--tools', 'Read', '-p', '--input-format', 'stream-json', '--output-format', 'stream-json'],
    { baseUrl: proxy.url, input: `${input}\n`, endInputWhen: (out) => /^\{"type":"result"/m.test(out) });
    assertSucceeded(run);
    assertRanOffline(ws, proxy.url);
    const events = run.stdout.trim().split('\n').map((l) => JSON.parse(l));
    const result = events.find((e) => e.type === 'result');
    assert.equal(result?.subtype, 'success', run.stdout);
    assert.equal(result.result, answer);

    const log = proxy.log();
    assert.match(log, /connection dropped by the proxy after 2 events/);
    const resumed = responses(log).filter((l) => /POST \/v1\/runs\/run-[^/ ]+\/stream /.test(l));
    assert.equal(resumed.length, 1, `the CLI resumed through POST /v1/runs/{id}/stream:\n${log}`);
    assert.match(resumed[0], / <<< 200 /);

    const human = await letta.agents.blocks.retrieve('human', { agent_id: result.agent_id });
    assert.equal(occurrences(human.value, line), 1, human.value);
    const runs = [];
    for await (const r of letta.runs.list({ agent_id: result.agent_id })) {
      runs.push(r);
    }
    assert.deepEqual(runs.map((r) => r.status), ['completed']);
  });

  it('answers a plain `letta -p` in a new conversation of a new default agent', CASE, async () => {
    const ws = workspace();
    const answer = `Hello from a new conversation ${suffix}.`;
    const run = await runLetta(ws, ['--output-format', 'json', '-p', `Say hello. ${script([{ text: answer }])}`]);
    assertSucceeded(run);
    assertRanOffline(ws, process.env.LETTA_BASE_URL);
    const result = JSON.parse(run.stdout);
    assert.equal(result.result, answer, run.stdout);
    assert.match(result.conversation_id, /^conv-/);
    const conversation = await letta.conversations.retrieve(result.conversation_id);
    assert.equal(conversation.agent_id, result.agent_id);
    const listed = await conversationMessages(result.conversation_id);
    assert.equal(ofType(listed, 'assistant_message').map((m) => textOf(m.content)).join(''), answer,
      JSON.stringify(listed));
  });

  it('edits memory from a new conversation, and the edit shows in the agent\'s block and other conversations',
    CASE, async () => {
      const ws = workspace();
      const line = `The user's name is Ada ${suffix}.`;
      const answer = `Noted, Ada ${suffix}.`;
      const run = await runLetta(ws, ['--new-agent', '-m', MODEL, '--base-tools', 'memory', '--tools', 'Read',
        '--output-format', 'json', '-p', `Remember my name. ${memoryInsert(line, answer)}`]);
      assertSucceeded(run);
      assertRanOffline(ws, process.env.LETTA_BASE_URL);
      const result = JSON.parse(run.stdout);
      assert.equal(result.result, answer, run.stdout);
      assert.match(result.conversation_id, /^conv-/);

      const human = await letta.agents.blocks.retrieve('human', { agent_id: result.agent_id });
      assert.equal(occurrences(human.value, line), 1, human.value);
      const listed = await conversationMessages(result.conversation_id);
      assert.deepEqual(ofType(listed, 'tool_call_message').map((m) => m.tool_call.name), ['memory']);
      // The turn belongs to that conversation: the agent's default conversation holds none of it.
      const defaults = [];
      for await (const m of letta.agents.messages.list(result.agent_id, { conversation_id: 'default', limit: 50 })) {
        defaults.push(m);
      }
      assert.deepEqual(ofType(defaults, 'tool_call_message'), [], JSON.stringify(defaults));

      // A second prompt in another new conversation of the same agent sees the edited block in its prompt.
      const second = await runLetta(ws, ['--agent', result.agent_id, '--output-format', 'json', '-p',
        `What do you know? ${script([{ text: 'ok' }])}`]);
      assertSucceeded(second);
      const next = JSON.parse(second.stdout);
      assert.notEqual(next.conversation_id, result.conversation_id);
      const context = await letta.conversations.retrieve(next.conversation_id);
      const system = await letta.messages.retrieve(context.in_context_message_ids[0]);
      assert.match(JSON.stringify(system), new RegExp(`Ada ${suffix}`));
    });
});
