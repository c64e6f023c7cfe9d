// Idempotent retries through the official Letta SDK: a client that times out or aborts its request mid-run and
// sends the identical request again (same message otid) gets the run its first attempt started — one run, one
// user message in the history — for synchronous, streamed and background sends alike.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { APIConnectionTimeoutError } from '@letta-ai/letta-client';
import { MODEL, client, history, script, textOf } from './support.mjs';

const letta = client();
const suffix = Date.now().toString(36);

async function newAgent(name) {
  return letta.agents.create({
    name: `${name}-${suffix}`,
    model: MODEL,
    memory_blocks: [{ label: 'persona', value: 'I answer briefly.' }],
  });
}

/** A user message with its otid whose scripted answer comes after `latency` ms. */
function slowMessage(otid, answer, latency) {
  return { role: 'user', otid, content: `Think, then answer. ${script([{ text: answer, latency_ms: latency }])}` };
}

async function runIds(agentId) {
  const ids = [];
  for await (const run of letta.runs.list({ agent_id: agentId, limit: 50 })) {
    ids.push(run.id);
  }
  return ids;
}

/** The agent has exactly one run, `runId`, and its history exactly one user message carrying `otid`. */
async function assertOneRunAndOneUserMessage(agentId, runId, otid) {
  assert.deepEqual(await runIds(agentId), [runId], 'the retry attached to the first run instead of starting one');
  const users = (await history(letta, agentId, 50)).filter((m) => m.message_type === 'user_message');
  assert.equal(users.filter((m) => m.otid === otid).length, 1, JSON.stringify(users));
  // Whatever else the loop adds as user messages, the client's text is there once.
  assert.equal(users.filter((m) => textOf(m.content).includes('<<script>>')).length, 1, JSON.stringify(users));
}

/** Reads a stream until `stop` says so, then aborts the request as a client giving up would. */
async function readThenAbort(stream, controller, stop) {
  const seen = [];
  for await (const chunk of stream) {
    seen.push(chunk);
    if (stop(chunk)) {
      controller.abort();
      break;
    }
  }
  return seen;
}

async function collect(stream) {
  const chunks = [];
  for await (const chunk of stream) {
    chunks.push(chunk);
  }
  return chunks;
}

function assistantText(chunks) {
  return chunks.filter((c) => c.message_type === 'assistant_message').map((c) => textOf(c.content)).join('');
}

describe('same-otid retries through the Letta SDK', () => {
  it('a synchronous send retried after a client timeout answers from the same run', async () => {
    const agent = await newAgent('retry-sync');
    const otid = randomUUID();
    const body = { messages: [slowMessage(otid, 'Answered once.', 3000)] };
    await assert.rejects(letta.agents.messages.create(agent.id, body, { timeout: 1000 }),
      (e) => e instanceof APIConnectionTimeoutError, 'the first attempt times out on the client');
    const reply = await letta.agents.messages.create(agent.id, body);
    assert.equal(reply.stop_reason.stop_reason, 'end_turn');
    const assistant = reply.messages.filter((m) => m.message_type === 'assistant_message');
    assert.equal(assistant.map((m) => textOf(m.content)).join(''), 'Answered once.');
    await assertOneRunAndOneUserMessage(agent.id, assistant[0].run_id, otid);
  });

  it('a streamed send aborted mid-run and retried streams the same run to its end', async () => {
    const agent = await newAgent('retry-stream');
    const otid = randomUUID();
    const body = { messages: [slowMessage(otid, 'Streamed once.', 2000)] };
    const controller = new AbortController();
    const first = await readThenAbort(await letta.agents.messages.stream(agent.id, body,
      { signal: controller.signal }), controller, (c) => c.message_type === 'ping');
    const runId = first[0].run_id;
    assert.match(runId, /^run-/);

    const retried = await collect(await letta.agents.messages.stream(agent.id, body));
    assert.equal(retried[0].message_type, 'ping');
    assert.equal(retried[0].run_id, runId, 'the retry streams the first run');
    assert.deepEqual(retried.slice(-2).map((c) => c.message_type), ['stop_reason', 'usage_statistics']);
    assert.equal(retried.at(-2).stop_reason, 'end_turn');
    assert.equal(assistantText(retried), 'Streamed once.');
    await assertOneRunAndOneUserMessage(agent.id, runId, otid);
  });

  it('a background send aborted mid-run and retried re-attaches to the run from its first chunk', async () => {
    const agent = await newAgent('retry-background');
    const otid = randomUUID();
    const body = {
      messages: [{ role: 'user', otid, content: `Look it up, then answer. ${script([
        { tool: 'conversation_search', args: { query: 'hello' }, latency_ms: 200 },
        { text: 'Looked up once.', latency_ms: 2500 }])}` }],
      background: true,
      stream_tokens: true,
    };
    const controller = new AbortController();
    const first = await readThenAbort(await letta.agents.messages.stream(agent.id, body,
      { signal: controller.signal }), controller, (c) => c.message_type !== 'ping');
    const runId = first[0].run_id;
    const seenFirst = first.at(-1);
    assert.equal(seenFirst.seq_id, 1, JSON.stringify(first));

    const retried = await collect(await letta.agents.messages.stream(agent.id, body));
    assert.equal(retried[0].run_id, runId, 'the retry streams the first run');
    assert.equal(retried[0].seq_id, 0);
    const numbered = retried.filter((c) => c.message_type !== 'ping' && Number.isInteger(c.seq_id));
    numbered.forEach((c, i) => assert.equal(c.seq_id, i + 1, `from the start, no gap or repeat: ${
      JSON.stringify(numbered.map((n) => n.seq_id))}`));
    assert.equal(numbered[0].id, seenFirst.id, 'the first chunk again, the same message');
    assert.ok(numbered.some((c) => c.message_type === 'tool_return_message'));
    assert.deepEqual(retried.slice(-2).map((c) => c.message_type), ['stop_reason', 'usage_statistics']);
    assert.equal(assistantText(retried), 'Looked up once.');
    const run = await letta.runs.retrieve(runId);
    assert.equal(run.status, 'completed');
    assert.equal(run.background, true);
    await assertOneRunAndOneUserMessage(agent.id, runId, otid);
  });
});
