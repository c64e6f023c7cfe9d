// Streaming through the official Letta SDK: SSE chunks in Letta's order and shapes, token deltas that
// concatenate by otid to the stored text, and a background run whose stream is dropped mid-run and resumed
// with runs.messages.stream(starting_after) to its end without a gap or a repeated chunk.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { MODEL, client, history, script, textOf } from './support.mjs';

const letta = client();
const suffix = Date.now().toString(36);

// Schemas copied from Letta's OpenAPI document (agent-api's test resources): stream chunks are checked against
// their required fields and declared JSON types.
const spec = JSON.parse(readFileSync(
  new URL('../../../agent-api/src/test/resources/letta-openapi-schemas.json', import.meta.url), 'utf8'));
const SCHEMA_OF = {
  ping: 'LettaPing',
  assistant_message: 'AssistantMessage',
  reasoning_message: 'ReasoningMessage',
  tool_call_message: 'ToolCallMessage',
  tool_return_message: 'ToolReturnMessage',
  stop_reason: 'LettaStopReason',
  usage_statistics: 'LettaUsageStatistics',
};

/** Checks a chunk's required fields and the JSON types of the fields its schema declares. */
function assertShape(chunk) {
  const name = SCHEMA_OF[chunk.message_type];
  assert.ok(name, `unexpected chunk type ${chunk.message_type}: ${JSON.stringify(chunk)}`);
  const schema = spec.components.schemas[name];
  for (const field of schema.required ?? []) {
    assert.ok(field in chunk, `${name}.${field} missing in ${JSON.stringify(chunk)}`);
  }
  for (const [field, value] of Object.entries(chunk)) {
    const declared = schema.properties?.[field];
    if (!declared) {
      continue;
    }
    const types = (declared.anyOf ?? [declared]).map((s) => s.type).filter(Boolean);
    if (types.length === 0) {
      continue;
    }
    const actual = value === null ? 'null' : Array.isArray(value) ? 'array'
      : Number.isInteger(value) ? 'integer' : typeof value;
    const ok = types.some((t) => t === actual || (t === 'number' && actual === 'integer'));
    assert.ok(ok, `${name}.${field}: ${actual} is not one of ${types.join('|')} in ${JSON.stringify(chunk)}`);
  }
}

async function collect(stream) {
  const chunks = [];
  for await (const chunk of stream) {
    assertShape(chunk);
    chunks.push(chunk);
  }
  return chunks;
}

function types(chunks) {
  return chunks.map((c) => c.message_type);
}

describe('streaming through the Letta SDK', () => {
  let agent;

  before(async () => {
    agent = await letta.agents.create({
      name: `streaming-${suffix}`,
      model: MODEL,
      memory_blocks: [{ label: 'persona', value: 'I answer briefly.' }],
    });
  });

  it('streams a ping with the run id, the messages, stop_reason and usage, in that order', async () => {
    const stream = await letta.agents.messages.stream(agent.id, {
      messages: [{ role: 'user', content: `Say hello. ${script([{ text: 'Hello from the stream.' }])}` }],
    });
    const chunks = await collect(stream);
    const order = types(chunks);
    assert.equal(order[0], 'ping', JSON.stringify(order));
    const runId = chunks[0].run_id;
    assert.match(runId, /^run-/);
    assert.deepEqual(order.slice(-2), ['stop_reason', 'usage_statistics'], JSON.stringify(order));
    assert.equal(chunks.at(-2).stop_reason, 'end_turn');
    assert.ok(chunks.at(-1).step_count >= 1, JSON.stringify(chunks.at(-1)));
    const assistant = chunks.filter((c) => c.message_type === 'assistant_message');
    assert.equal(assistant.map((c) => textOf(c.content)).join(''), 'Hello from the stream.');
    for (const chunk of chunks.filter((c) => c.message_type !== 'stop_reason'
      && c.message_type !== 'usage_statistics')) {
      assert.equal(chunk.seq_id, null, 'no seq_id outside background mode');
      assert.equal(chunk.run_id, runId);
    }
    // Not a background run: its stream cannot be resumed (Letta's 400).
    await assert.rejects(letta.runs.messages.stream(runId, { starting_after: 0 }), (e) => e.status === 400);
    const run = await letta.runs.retrieve(runId);
    assert.equal(run.status, 'completed');
  });

  it('streams token deltas that concatenate by otid to the stored reply', async () => {
    const text = 'Streaming tokens one small piece at a time, so the client sees the reply grow as it is written.';
    const stream = await letta.agents.messages.stream(agent.id, {
      messages: [{ role: 'user', content: `Stream it. ${script([{ text }])}` }],
      stream_tokens: true,
      include_return_message_types: ['assistant_message'],
    });
    const chunks = await collect(stream);
    const runId = chunks[0].run_id;
    const byOtid = new Map();
    for (const chunk of chunks.filter((c) => c.message_type === 'assistant_message')) {
      byOtid.set(chunk.otid, (byOtid.get(chunk.otid) ?? '') + textOf(chunk.content));
    }
    assert.deepEqual([...byOtid.values()], [text], 'each text exactly once, not repeated whole after its deltas');
    assert.ok(types(chunks).every((t) => ['ping', 'assistant_message', 'stop_reason', 'usage_statistics'].includes(t)),
      `include_return_message_types filters: ${JSON.stringify(types(chunks))}`);
    // The agent's history holds the reply once, whole, as the stream's deltas spelled it.
    const stored = (await history(letta, agent.id, 50))
      .filter((m) => m.message_type === 'assistant_message' && textOf(m.content) === text);
    assert.equal(stored.length, 1, `run ${runId}`);
  });

  it('resumes a background stream dropped mid-run from starting_after to its end', async () => {
    const stream = await letta.agents.messages.stream(agent.id, {
      messages: [{ role: 'user', content: `Look it up, then answer. ${script([
        { tool: 'conversation_search', args: { query: 'hello' }, latency_ms: 300 },
        { text: 'Found nothing new.', latency_ms: 1500 }])}` }],
      background: true,
    });
    const first = [];
    for await (const chunk of stream) {
      assertShape(chunk);
      first.push(chunk);
      if (chunk.message_type !== 'ping') {
        break; // the client goes away mid-run; the run goes on
      }
    }
    const runId = first[0].run_id;
    assert.equal(first[0].seq_id, 0);
    const lastSeen = first.at(-1).seq_id;
    assert.ok(Number.isInteger(lastSeen) && lastSeen >= 1, JSON.stringify(first));

    const resumed = await collect(await letta.runs.messages.stream(runId, { starting_after: lastSeen }));
    assert.deepEqual(types(resumed).slice(-2), ['stop_reason', 'usage_statistics'], JSON.stringify(types(resumed)));
    const seqs = resumed.filter((c) => c.message_type !== 'ping' && c.seq_id !== undefined && c.seq_id !== null)
      .map((c) => c.seq_id);
    assert.ok(seqs.length >= 2, JSON.stringify(resumed));
    assert.equal(seqs[0], lastSeen + 1, 'the resume starts right after the last chunk seen');
    seqs.forEach((seq, i) => assert.equal(seq, seqs[0] + i, `no gap or repeat: ${JSON.stringify(seqs)}`));
    assert.ok(resumed.some((c) => c.message_type === 'tool_return_message'));
    assert.equal(textOf(resumed.filter((c) => c.message_type === 'assistant_message').at(-1).content),
      'Found nothing new.');

    // Once ended, the whole stream replays from the start (the log is in PostgreSQL): seq ids 1..n, the same
    // chunks the first and the resumed stream showed.
    const replay = await collect(await letta.runs.messages.stream(runId, { starting_after: 0 }));
    const all = replay.filter((c) => c.message_type !== 'ping' && Number.isInteger(c.seq_id)).map((c) => c.seq_id);
    all.forEach((seq, i) => assert.equal(seq, i + 1, `replay from the start: ${JSON.stringify(all)}`));
    assert.deepEqual(all.slice(lastSeen), seqs);
    const run = await letta.runs.retrieve(runId);
    assert.equal(run.background, true);
    assert.equal(run.status, 'completed');
    // after-restart.test.mjs replays it again once the whole platform has restarted.
    if (process.env.E2E_STREAM_STATE) {
      writeFileSync(process.env.E2E_STREAM_STATE, JSON.stringify({
        run_id: runId,
        chunks: replay.map((c) => ({ message_type: c.message_type, seq_id: c.seq_id ?? null, id: c.id ?? null })),
      }, null, 2));
    }
  });
});
