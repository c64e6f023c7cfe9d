// Conversations through the official Letta SDK, as the `letta` CLI uses them. The agent's default conversation: a
// send to conversations.messages.create('default', {agent_id}) streamed to its end, the same run resumed by the
// send's otid through conversations.messages.stream, and the history read with conversations.messages.list filtered
// by type. A conv- conversation: created as the CLI creates one, a streamed send in it, its own history and context
// window, listed, renamed and deleted.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { MODEL, client, script, textOf } from './support.mjs';

const letta = client();
const suffix = Date.now().toString(36);

async function collect(stream) {
  const chunks = [];
  for await (const chunk of stream) {
    chunks.push(chunk);
  }
  return chunks;
}

describe("an agent's default conversation through the Letta SDK", () => {
  let agent;
  const reply = 'Hello from the default conversation.';
  const otid = `otid-${randomUUID()}`;
  let runId;

  before(async () => {
    agent = await letta.agents.create({ name: `conversations-${suffix}`, model: MODEL });
  });

  it('streams a send to the default conversation to its end, as the CLI sends it', async () => {
    const stream = await letta.conversations.messages.create('default', {
      agent_id: agent.id,
      messages: [{ role: 'user', content: `Greet me. ${script([{ text: reply }])}`, otid }],
      stream_tokens: true,
      include_pings: true,
      background: true,
      client_skills: [],
      include_compaction_messages: true,
    });
    const chunks = await collect(stream);
    const order = chunks.map((c) => c.message_type);
    assert.equal(order[0], 'ping', JSON.stringify(order));
    runId = chunks[0].run_id;
    assert.match(runId, /^run-/);
    assert.deepEqual(order.slice(-2), ['stop_reason', 'usage_statistics'], JSON.stringify(order));
    assert.equal(chunks.at(-2).stop_reason, 'end_turn');
    const text = chunks.filter((c) => c.message_type === 'assistant_message').map((c) => textOf(c.content)).join('');
    assert.equal(text, reply);
    const seqs = chunks.filter((c) => Number.isInteger(c.seq_id)).map((c) => c.seq_id);
    assert.ok(seqs.length >= 2, `background chunks carry seq_ids: ${JSON.stringify(chunks)}`);
    assert.deepEqual(seqs, [...seqs].sort((a, b) => a - b));
    const run = await letta.runs.retrieve(runId);
    assert.equal(run.agent_id, agent.id);
    assert.equal(run.background, true);
  });

  it('resumes the same run by the otid of its send, replaying from starting_after', async () => {
    const stream = await letta.conversations.messages.stream('default', {
      agent_id: agent.id, otid, starting_after: 0, batch_size: 1000,
    });
    const chunks = await collect(stream);
    const messages = chunks.filter((c) => c.run_id !== undefined && c.message_type !== 'ping');
    assert.ok(messages.length > 0, JSON.stringify(chunks));
    assert.ok(messages.every((c) => c.run_id === runId), JSON.stringify(messages));
    assert.equal(chunks.filter((c) => c.message_type === 'assistant_message').map((c) => textOf(c.content))
      .join(''), reply);
    assert.equal(chunks.find((c) => c.message_type === 'stop_reason')?.stop_reason, 'end_turn');
    // The run has ended, so there is no active run of the agent to resume (Letta's 400).
    await assert.rejects(letta.conversations.messages.stream('default', { agent_id: agent.id }),
      (e) => e.status === 400 && /No active runs/.test(e.message));
  });

  it('lists the default conversation as the agent history, only the message types asked for', async () => {
    const listed = [];
    for await (const message of letta.conversations.messages.list('default', {
      agent_id: agent.id, order: 'asc', limit: 50,
      include_return_message_types: ['user_message', 'assistant_message'],
    })) {
      listed.push(message);
    }
    const kinds = new Set(listed.map((m) => m.message_type));
    assert.deepEqual([...kinds].sort(), ['assistant_message', 'user_message'], JSON.stringify(listed));
    assert.ok(listed.some((m) => m.message_type === 'user_message' && textOf(m.content).includes('Greet me.')));
    assert.equal(listed.filter((m) => m.message_type === 'assistant_message').map((m) => textOf(m.content)).join(''),
      reply);
    // The agent route honours the same filter; without one it includes the system message.
    const agentPage = await letta.agents.messages.list(agent.id, {
      conversation_id: 'default', include_return_message_types: ['assistant_message'],
    });
    assert.deepEqual(agentPage.getPaginatedItems().map((m) => m.message_type), ['assistant_message']);
    const everything = await letta.conversations.messages.list(agent.id, { limit: 50 });
    assert.ok(everything.getPaginatedItems().some((m) => m.message_type === 'system_message'));
  });
});

describe('a conv- conversation through the Letta SDK', () => {
  let agent;
  let conversation;
  let runId;
  const reply = 'Hello from a conversation of its own.';

  before(async () => {
    agent = await letta.agents.create({ name: `conversation-thread-${suffix}`, model: MODEL });
  });

  it('creates a conversation as the CLI does and reads it back', async () => {
    conversation = await letta.conversations.create({ agent_id: agent.id, isolated_block_labels: [],
      summary: 'sdk thread' });
    assert.match(conversation.id, /^conv-/);
    assert.equal(conversation.agent_id, agent.id);
    assert.equal(conversation.summary, 'sdk thread');
    const read = await letta.conversations.retrieve(conversation.id);
    assert.equal(read.agent_id, agent.id);
    assert.ok(Array.isArray(read.in_context_message_ids), JSON.stringify(read));
    assert.equal(read.last_message_at ?? null, null);
  });

  it('streams a send in the conversation, whose history stays its own', async () => {
    const stream = await letta.conversations.messages.create(conversation.id, {
      messages: [{ role: 'user', content: `Start the thread. ${script([{ text: reply }])}` }],
      stream_tokens: true,
      include_pings: true,
    });
    const chunks = await collect(stream);
    runId = chunks[0].run_id;
    assert.equal(chunks.at(-2).stop_reason, 'end_turn', JSON.stringify(chunks));
    assert.equal(chunks.filter((c) => c.message_type === 'assistant_message').map((c) => textOf(c.content)).join(''),
      reply);
    const run = await letta.runs.retrieve(runId);
    assert.equal(run.conversation_id, conversation.id);

    const listed = [];
    for await (const message of letta.conversations.messages.list(conversation.id, { order: 'asc', limit: 50 })) {
      listed.push(message);
    }
    assert.ok(listed.some((m) => m.message_type === 'user_message' && textOf(m.content).includes('Start the thread')),
      JSON.stringify(listed));
    assert.equal(listed.filter((m) => m.message_type === 'assistant_message').map((m) => textOf(m.content)).join(''),
      reply);
    const defaultPage = await letta.conversations.messages.list('default', { agent_id: agent.id, limit: 50 });
    assert.ok(!defaultPage.getPaginatedItems().some((m) => textOf(m.content ?? '').includes('Start the thread')),
      'the default conversation does not hold the conversation\'s messages');

    const read = await letta.conversations.retrieve(conversation.id);
    assert.ok(read.in_context_message_ids.length > 0, JSON.stringify(read));
    assert.ok(listed.some((m) => read.in_context_message_ids.includes(m.id)), JSON.stringify({ read, listed }));
    assert.ok(read.last_message_at, JSON.stringify(read));
  });

  it('forks the conversation up to a message into a hidden conversation that goes on by itself', async () => {
    const read = await letta.conversations.retrieve(conversation.id);
    const [system, firstUser] = read.in_context_message_ids;
    const fork = await letta.conversations.fork(conversation.id, { hidden: true, message_id: firstUser });
    assert.match(fork.id, /^conv-/);
    assert.notEqual(fork.id, conversation.id);
    assert.equal(fork.agent_id, agent.id);
    assert.equal(fork.in_context_message_ids.length, 2, JSON.stringify(fork));
    assert.ok(!fork.in_context_message_ids.includes(system), 'the fork holds copies under new ids');

    const answer = `A branch of its own ${Date.now().toString(36)}.`;
    await collect(await letta.conversations.messages.create(fork.id, {
      messages: [{ role: 'user', content: `Branch off. ${script([{ text: answer }])}` }],
    }));
    const forked = [];
    for await (const message of letta.conversations.messages.list(fork.id, { order: 'asc', limit: 50 })) {
      forked.push(message);
    }
    assert.ok(forked.some((m) => m.message_type === 'user_message' && textOf(m.content).includes('Start the thread')),
      JSON.stringify(forked));
    assert.equal(forked.filter((m) => m.message_type === 'assistant_message').map((m) => textOf(m.content)).join(''),
      answer, 'the source\'s reply was after the fork point');
    const source = await letta.conversations.retrieve(conversation.id);
    assert.deepEqual(source.in_context_message_ids, read.in_context_message_ids, 'the source is unchanged');
    await assert.rejects(letta.conversations.fork(conversation.id, { message_id: `message-${randomUUID()}` }),
      (e) => e.status === 404);
  });

  it('lists, renames and deletes the conversation', async () => {
    const listed = await letta.conversations.list({ agent_id: agent.id });
    assert.deepEqual(listed.map((c) => c.id), [conversation.id]);
    const runs = await letta.runs.list({ conversation_id: conversation.id });
    assert.deepEqual(runs.getPaginatedItems().map((r) => r.id), [runId]);
    const renamed = await letta.conversations.update(conversation.id, { summary: 'renamed thread' });
    assert.equal(renamed.summary, 'renamed thread');
    await letta.conversations.delete(conversation.id);
    await assert.rejects(letta.conversations.retrieve(conversation.id), (e) => e.status === 404);
    assert.deepEqual(await letta.conversations.list({ agent_id: agent.id }), []);
  });
});

describe('a conversation with its own copy of a block (isolated_block_labels)', () => {
  let agent;
  let conversation;

  before(async () => {
    agent = await letta.agents.create({ name: `conversation-isolated-${suffix}`, model: MODEL,
      memory_blocks: [{ label: 'human', value: 'Name: unknown' }, { label: 'persona', value: 'A helper.' }] });
  });

  it('edits the private copy in that conversation while the agent and other conversations keep theirs', async () => {
    conversation = await letta.conversations.create({ agent_id: agent.id, isolated_block_labels: ['human'] });
    assert.equal(conversation.isolated_block_ids.length, 1, JSON.stringify(conversation));
    const [copyId] = conversation.isolated_block_ids;
    const shared = await letta.agents.blocks.retrieve('human', { agent_id: agent.id });
    assert.notEqual(copyId, shared.id);

    const line = `Prefers tea ${suffix}.`;
    await collect(await letta.conversations.messages.create(conversation.id, {
      messages: [{ role: 'user', content: `Note this. ${script([
        { tool: 'memory_insert', args: { label: 'human', new_string: line } }, { text: 'Noted.' }])}` }],
    }));

    const copy = await letta.blocks.retrieve(copyId);
    assert.ok(copy.value.includes(line), copy.value);
    const after = await letta.agents.blocks.retrieve('human', { agent_id: agent.id });
    assert.equal(after.value, 'Name: unknown', 'the agent\'s own block is untouched');
    const other = await letta.conversations.create({ agent_id: agent.id });
    assert.deepEqual(other.isolated_block_ids, []);
    const read = await letta.conversations.retrieve(conversation.id);
    assert.deepEqual(read.isolated_block_ids, [copyId]);
  });

  it('refuses a label the agent has no block for, and forking a conversation with copies', async () => {
    await assert.rejects(letta.conversations.create({ agent_id: agent.id, isolated_block_labels: ['nope'] }),
      (e) => e.status === 404 && /nope/.test(JSON.stringify(e.error)));
    await assert.rejects(letta.conversations.fork(conversation.id), (e) => e.status === 422);
    await letta.conversations.delete(conversation.id);
    await assert.rejects(letta.conversations.retrieve(conversation.id), (e) => e.status === 404);
  });
});
