// An agent remembers what it learns: the official Letta SDK against Engram, run by LettaSdkIT.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { MODEL, client, history, ofType, saveState, textOf } from './support.mjs';

const letta = client();
const agentName = `sdk-memory-${Date.now()}`;
const rememberAda = 'Please remember that my name is Ada. <<script>> ['
  + '{"tool":"memory_replace","args":{"label":"human","old_string":"unknown","new_string":"Ada"}},'
  + '{"text":"Noted, Ada."}] <</script>>';

describe('agent memory through the Letta SDK', () => {
  let agent;
  let toolCallId;
  let memoryRunId;

  before(async () => {
    agent = await letta.agents.create({
      name: agentName,
      model: MODEL,
      memory_blocks: [
        { label: 'human', value: "The user's name is unknown." },
        { label: 'persona', value: 'I am a helpful assistant.' },
      ],
    });
  });

  it('reports healthy and offers the scripted model', async () => {
    const health = await letta.health();
    assert.equal(health.status, 'ok');
    assert.equal(typeof health.version, 'string');
    const models = await letta.models.list();
    assert.ok(Array.isArray(models), 'models.list() resolves to an array');
    assert.ok(models.some((m) => m.handle === MODEL), `models include ${MODEL}: ${JSON.stringify(models)}`);
  });

  it('creates the agent with its blocks and the base memory tools', async () => {
    assert.match(agent.id, /^agent-/);
    assert.equal(agent.name, agentName);
    const blocks = agent.memory.blocks;
    assert.equal(blocks.find((b) => b.label === 'human')?.value, "The user's name is unknown.");
    assert.equal(blocks.find((b) => b.label === 'persona')?.value, 'I am a helpful assistant.');
    const toolNames = agent.tools.map((t) => t.name);
    for (const base of ['memory_replace', 'memory_insert', 'conversation_search']) {
      assert.ok(toolNames.includes(base), `tools include ${base}: ${toolNames}`);
    }
  });

  it('updates core memory with a tool call and answers', async () => {
    const response = await letta.agents.messages.create(agent.id, {
      messages: [{ role: 'user', content: rememberAda }],
    });
    assert.equal(response.stop_reason.stop_reason, 'end_turn');
    assert.equal(typeof response.usage, 'object');

    const calls = ofType(response.messages, 'tool_call_message');
    assert.equal(calls.length, 1, JSON.stringify(response.messages));
    assert.equal(calls[0].tool_call.name, 'memory_replace');
    assert.deepEqual(JSON.parse(calls[0].tool_call.arguments),
      { label: 'human', old_string: 'unknown', new_string: 'Ada' });
    toolCallId = calls[0].tool_call.tool_call_id;
    assert.ok(toolCallId, 'the tool call has an id');

    const returns = ofType(response.messages, 'tool_return_message');
    assert.equal(returns.length, 1, JSON.stringify(response.messages));
    assert.equal(returns[0].status, 'success');
    assert.equal(returns[0].tool_call_id, toolCallId);

    const replies = ofType(response.messages, 'assistant_message');
    assert.equal(replies.length, 1, JSON.stringify(response.messages));
    assert.equal(textOf(replies[0].content), 'Noted, Ada.');

    memoryRunId = replies[0].run_id;
    assert.ok(memoryRunId, 'messages carry their run id');
    for (const m of response.messages) {
      assert.equal(m.run_id, memoryRunId, `every message of the response belongs to one run: ${JSON.stringify(m)}`);
    }
  });

  it('shows the new value in the human block', async () => {
    const human = await letta.agents.blocks.retrieve('human', { agent_id: agent.id });
    assert.equal(human.label, 'human');
    assert.match(human.value, /Ada/);
    assert.doesNotMatch(human.value, /unknown/);
    const persona = await letta.agents.blocks.retrieve('persona', { agent_id: agent.id });
    assert.equal(persona.value, 'I am a helpful assistant.');
  });

  it('keeps the exchange in the message history', async () => {
    const paged = await history(letta, agent.id, 2);
    const onePage = await letta.agents.messages.list(agent.id, { order: 'asc', limit: 1000 });
    const key = (m) => `${m.message_type}:${m.id}:${m.otid}`;
    assert.deepEqual(paged.map(key), onePage.items.map(key),
      'auto-pagination in pages of 2 yields the same history as one page');

    const user = paged.find((m) => m.message_type === 'user_message' && textOf(m.content).includes('my name is Ada'));
    assert.ok(user, 'the user message is stored');
    const call = paged.find((m) => m.message_type === 'tool_call_message' && m.tool_call.tool_call_id === toolCallId);
    assert.ok(call, 'the tool call is stored');
    assert.equal(call.tool_call.name, 'memory_replace');
    const ret = paged.find((m) => m.message_type === 'tool_return_message' && m.tool_call_id === toolCallId);
    assert.ok(ret, 'the tool return is stored');
    assert.equal(ret.status, 'success');
    const reply = paged.find((m) => m.message_type === 'assistant_message' && textOf(m.content) === 'Noted, Ada.');
    assert.ok(reply, 'the reply is stored');
    const order = [user, call, ret, reply].map((m) => paged.indexOf(m));
    assert.deepEqual(order, [...order].sort((a, b) => a - b), 'user → call → return → reply');
    for (const m of [user, call, ret, reply]) {
      assert.equal(m.run_id, memoryRunId);
    }

    const newest = await letta.agents.messages.list(agent.id, { limit: 1 });
    assert.equal(newest.items.length, 1);
    assert.equal(textOf(newest.items[0].content), 'Noted, Ada.', 'the default order windows on the newest message');
  });

  it('retrieves and lists the agent', async () => {
    const fetched = await letta.agents.retrieve(agent.id, { include: ['agent.blocks', 'agent.tools'] });
    assert.equal(fetched.id, agent.id);
    assert.equal(fetched.name, agentName);
    assert.match(fetched.memory.blocks.find((b) => b.label === 'human').value, /Ada/);

    const listed = [];
    for await (const a of letta.agents.list({ limit: 5 })) {
      listed.push(a.id);
    }
    assert.ok(listed.includes(agent.id), `agents.list() includes ${agent.id}: ${listed}`);
  });

  it('answers a plain message with an echo', async () => {
    const response = await letta.agents.messages.create(agent.id, {
      messages: [{ role: 'user', content: 'How are you today?' }],
    });
    assert.equal(response.stop_reason.stop_reason, 'end_turn');
    const replies = ofType(response.messages, 'assistant_message');
    assert.equal(replies.length, 1, JSON.stringify(response.messages));
    assert.equal(textOf(replies[0].content), 'Echo: How are you today?');
    assert.equal(ofType(response.messages, 'tool_call_message').length, 0);
    assert.notEqual(replies[0].run_id, memoryRunId, 'a new message starts a new run');

    const all = await history(letta, agent.id, 1000);
    saveState({ agent_id: agent.id, agent_name: agentName, tool_call_id: toolCallId, message_count: all.length });
  });
});
