// Archival memory (passages, archives, semantic search) and recall search: the official Letta SDK against Engram.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { MODEL, client, ofType, script, send as sendTo } from './support.mjs';

const letta = client();
const stamp = Date.now();
const send = (agentId, text) => sendTo(letta, agentId, text);


async function eventually(check, what) {
  const deadline = Date.now() + 60_000;
  let last;
  while (Date.now() < deadline) {
    try {
      return await check();
    } catch (e) {
      last = e;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  throw new Error(`${what} did not happen within 60 s: ${last}`);
}

describe('archival and recall memory through the Letta SDK', () => {
  let agent;
  let orderPassage;

  before(async () => {
    agent = await letta.agents.create({
      name: `archivist-${stamp}`,
      model: MODEL,
      memory_blocks: [{ label: 'human', value: 'A customer.' }, { label: 'persona', value: 'A shop assistant.' }],
      tools: ['archival_memory_insert', 'archival_memory_search'],
    });
  });

  it('stores passages and finds them by meaning and by exact keyword', async () => {
    const created = await letta.agents.passages.create(agent.id,
      { text: 'The order number for the blue kettle is ORD-77812.', tags: ['orders'] });
    assert.equal(created.length, 1);
    orderPassage = created[0];
    assert.match(orderPassage.id, /^passage-/);
    await letta.agents.passages.create(agent.id,
      { text: 'My sister Maria lives in Lisbon and loves surfing at dawn.', tags: ['family'] });
    await letta.agents.passages.create(agent.id,
      { text: 'Invoices are paid within thirty days of delivery.', tags: ['billing'] });

    const byMeaning = await letta.agents.passages.search(agent.id, { query: 'where does my sibling live?', top_k: 1 });
    assert.equal(byMeaning.count, 1);
    assert.match(byMeaning.results[0].content, /Lisbon/);

    const byKeyword = await letta.agents.passages.search(agent.id, { query: 'ORD-77812', top_k: 3 });
    assert.match(byKeyword.results[0].content, /ORD-77812/);

    const tagged = await letta.agents.passages.search(agent.id, { query: 'anything at all', tags: ['billing'] });
    assert.deepEqual(tagged.results.map((r) => r.tags), [['billing']]);

    const listed = await letta.agents.passages.list(agent.id);
    assert.equal(listed.length, 3);
  });

  it('lets the agent insert and search its archive with tools', async () => {
    await send(agent.id, `Remember this. ${script([
      { tool: 'archival_memory_insert', args: { content: 'The backroom door code is 4417.', tags: ['security'] } },
      { text: 'Stored.' }])}`);
    assert.equal((await letta.agents.passages.list(agent.id)).length, 4);

    const response = await send(agent.id, `What is the door code? ${script([
      { tool: 'archival_memory_search', args: { query: 'door code for the back room' } },
      { text: 'Found it.' }])}`);
    const returns = ofType(response.messages, 'tool_return_message');
    assert.equal(returns.length, 1);
    assert.equal(returns[0].status, 'success', JSON.stringify(returns[0]));
    assert.match(returns[0].tool_return, /4417/);
  });

  it('shares an archive between agents', async () => {
    const archive = await letta.archives.create({ name: `shared-${stamp}`, description: 'Team knowledge' });
    assert.match(archive.id, /^archive-/);
    await letta.archives.passages.create(archive.id, { text: 'The staff meeting is every Tuesday at nine.' });
    const found = await letta.passages.search({ query: 'when do we meet?', archive_id: archive.id, limit: 1 });
    assert.equal(found.length, 1);
    assert.match(found[0].passage.text, /Tuesday/);
    await letta.agents.archives.attach(archive.id, { agent_id: agent.id });
    // SDK 1.12.1 has no call for the archive's agents; the endpoint is Letta's (an AgentState list).
    const holders = await (await fetch(`${process.env.LETTA_BASE_URL}/v1/archives/${archive.id}/agents`)).json();
    assert.deepEqual(holders.map((a) => a.id), [agent.id]);
    assert.equal(holders[0].name, agent.name);
  });

  it('deletes a passage for good', async () => {
    await letta.agents.passages.delete(orderPassage.id, { agent_id: agent.id });
    const again = await letta.agents.passages.search(agent.id, { query: 'ORD-77812', top_k: 5 });
    assert.ok(!again.results.some((r) => r.id === orderPassage.id), JSON.stringify(again.results));
  });

  it('finds earlier conversation messages with message search', async () => {
    await send(agent.id, 'I collect antique barometers from Vienna.');
    const hits = await eventually(async () => {
      const found = await letta.messages.search({ query: 'barometers', agent_id: agent.id, search_mode: 'fts' });
      assert.ok(found.length >= 1, JSON.stringify(found));
      return found;
    }, 'the message reaching the recall index');
    assert.ok(JSON.stringify(hits).includes('barometers'));
  });
});
