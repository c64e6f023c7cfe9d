// The compiled system prompt, its recompilation and the message buffer reset: the official Letta SDK against Engram.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { MODEL, client, history, ofType, textOf, send as sendTo } from './support.mjs';

const letta = client();
const send = (agentId, text) => sendTo(letta, agentId, text);
const stampOf = (prompt) => /System prompt last recompiled: (.*)/.exec(prompt)?.[1];

describe('system prompt and message reset through the Letta SDK', () => {
  let agent;

  before(async () => {
    agent = await letta.agents.create({
      name: `prompt-${Date.now()}`,
      model: MODEL,
      system: 'You are a careful note taker.',
      memory_blocks: [{ label: 'human', value: 'Name: unknown' }, { label: 'persona', value: 'I take notes.' }],
      timezone: 'Europe/Paris',
    });
    await send(agent.id, 'Hello there');
  });

  it('compiles instructions, blocks and metadata into the system message', async () => {
    const [system] = ofType(await history(letta, agent.id, 50), 'system_message');
    const prompt = textOf(system.content);
    assert.ok(prompt.startsWith('You are a careful note taker.\n\n<memory_blocks>\n'), prompt);
    assert.match(prompt, /<human>\n<description>\n.+\n<\/description>\n<metadata>\n- chars_current=13\n/);
    assert.match(prompt, /<memory_metadata>\n- AGENT_ID: agent-[0-9a-f-]+\n- CONVERSATION_ID: default\n/);
    assert.match(stampOf(prompt), /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d [AP]M CES?T\+0[12]00$/);
  });

  it('recompiles after a block edit, keeping the timestamp unless asked', async () => {
    const [before] = ofType(await history(letta, agent.id, 50), 'system_message');
    await letta.agents.blocks.update('human', { agent_id: agent.id, value: 'Name: Zoe' });
    const preview = await letta.agents.recompile(agent.id, { dry_run: true });
    assert.match(preview, /<value>\nName: Zoe\n<\/value>/);
    const stored = await letta.agents.recompile(agent.id);
    assert.equal(stored, preview);
    assert.equal(stampOf(stored), stampOf(textOf(before.content)));
    const [after] = ofType(await history(letta, agent.id, 50), 'system_message');
    assert.equal(after.id, before.id, 'the system message is rewritten in place');
    assert.equal(textOf(after.content), stored);
  });

  it('resets the buffer but keeps the history', async () => {
    const before = await history(letta, agent.id, 50);
    assert.equal(await letta.agents.messages.reset(agent.id, { add_default_initial_messages: false }), null);
    const reply = await send(agent.id, 'Are you still there?');
    assert.ok(ofType(reply.messages, 'assistant_message').length > 0, JSON.stringify(reply));
    const after = await history(letta, agent.id, 50);
    assert.equal(after.length, before.length + 2);
    const [system] = ofType(after, 'system_message');
    assert.match(textOf(system.content), /- 2 earlier messages between you and the user/);
  });
});
