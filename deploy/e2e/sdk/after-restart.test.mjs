// After the whole platform restarted: the agent of agent-memory.test.mjs, its memory and its history are intact.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { client, history, loadState, ofType, textOf } from './support.mjs';

const letta = client();
const agentId = process.env.E2E_AGENT_ID;
const before = loadState();

describe('the agent after a platform restart', () => {
  // Written by streaming.test.mjs: a background run's stream, replayed again after the restart from the log in
  // PostgreSQL (agent-api kept nothing in memory), chunk for chunk.
  const streamState = process.env.E2E_STREAM_STATE;
  it('replays a background run\'s stream from before the restart', { skip: !streamState || !existsSync(streamState) },
    async () => {
      const saved = JSON.parse(readFileSync(streamState, 'utf8'));
      const stream = await letta.runs.messages.stream(saved.run_id, { starting_after: 0 });
      const replay = [];
      for await (const chunk of stream) {
        replay.push({ message_type: chunk.message_type, seq_id: chunk.seq_id ?? null, id: chunk.id ?? null });
      }
      assert.deepEqual(replay, saved.chunks);
    });

  it('is still there with its updated memory', async () => {
    assert.equal(agentId, before.agent_id);
    const agent = await letta.agents.retrieve(agentId, { include: ['agent.blocks'] });
    assert.equal(agent.name, before.agent_name);
    const human = await letta.agents.blocks.retrieve('human', { agent_id: agentId });
    assert.match(human.value, /Ada/);
    assert.doesNotMatch(human.value, /unknown/);
  });

  it('still has its history', async () => {
    const all = await history(letta, agentId, 3);
    assert.equal(all.length, before.message_count, 'nothing lost or added by the restart');
    const call = all.find((m) => m.message_type === 'tool_call_message' && m.tool_call.tool_call_id === before.tool_call_id);
    assert.ok(call, 'the memory_replace call survived');
    const ret = all.find((m) => m.message_type === 'tool_return_message' && m.tool_call_id === before.tool_call_id);
    assert.ok(ret, 'its return survived');
    assert.ok(all.some((m) => m.message_type === 'assistant_message' && textOf(m.content) === 'Echo: How are you today?'));
  });

  it('still answers', async () => {
    const response = await letta.agents.messages.create(agentId, {
      messages: [{ role: 'user', content: 'Still there?' }],
    });
    assert.equal(response.stop_reason.stop_reason, 'end_turn');
    const replies = ofType(response.messages, 'assistant_message');
    assert.equal(replies.length, 1, JSON.stringify(response.messages));
    assert.equal(textOf(replies[0].content), 'Echo: Still there?');
    const all = await history(letta, agentId, 1000);
    assert.ok(all.length > before.message_count, 'the new exchange is appended');
  });
});
