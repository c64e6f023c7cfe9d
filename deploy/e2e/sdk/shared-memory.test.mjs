// Blocks shared by agents, the global block API and the memory tool: the official Letta SDK against Engram.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { MODEL, client, ofType, script, send as sendTo } from './support.mjs';

const letta = client();
const stamp = Date.now();
const send = (agentId, text) => sendTo(letta, agentId, text);


async function collect(page) {
  const out = [];
  for await (const item of page) {
    out.push(item);
  }
  return out;
}

describe('shared memory through the Letta SDK', () => {
  let alice;
  let bob;
  let team;

  before(async () => {
    const make = (name) => letta.agents.create({
      name: `${name}-${stamp}`,
      model: MODEL,
      memory_blocks: [{ label: 'human', value: 'Unknown user.' }, { label: 'persona', value: 'A teammate.' }],
      tools: ['memory'],
    });
    [alice, bob] = await Promise.all([make('alice'), make('bob')]);
    team = await letta.blocks.create({ label: 'team', value: 'Members: Ann', description: 'Who is on the team' });
  });

  it('creates a global block with Letta defaults', async () => {
    assert.match(team.id, /^block-/);
    assert.equal(team.limit, 100000);
    assert.equal(team.read_only, false);
    const fetched = await letta.blocks.retrieve(team.id);
    assert.equal(fetched.value, 'Members: Ann');
    const listed = await collect(letta.blocks.list({ label: 'team', value_search: 'Ann' }));
    assert.ok(listed.some((b) => b.id === team.id), JSON.stringify(listed));
  });

  it('attaches one block to two agents', async () => {
    const a = await letta.agents.blocks.attach(team.id, { agent_id: alice.id });
    assert.ok(a.memory.blocks.some((b) => b.id === team.id), JSON.stringify(a.memory.blocks));
    const b = await letta.agents.blocks.attach(team.id, { agent_id: bob.id });
    assert.ok(b.memory.blocks.some((x) => x.id === team.id));
    const holders = await collect(letta.blocks.agents.list(team.id));
    assert.deepEqual(holders.map((x) => x.id).sort(), [alice.id, bob.id].sort());
  });

  it("shows one agent's edit of the shared block to the other", async () => {
    await send(alice.id, `Ben joined. ${script([
      { tool: 'memory_insert', args: { label: 'team', new_string: 'Members: Ben' } },
      { text: 'Added Ben.' }])}`);
    const seenByBob = await letta.agents.blocks.retrieve('team', { agent_id: bob.id });
    assert.equal(seenByBob.value, 'Members: Ann\nMembers: Ben');
  });

  it('lets an agent create a block with the memory tool', async () => {
    const response = await send(alice.id, `Track projects. ${script([
      { tool: 'memory', args: { command: 'create', path: '/memories/projects', description: 'Open projects',
        file_text: 'Engram' } },
      { text: 'Tracking.' }])}`);
    const returns = ofType(response.messages, 'tool_return_message');
    assert.equal(returns.length, 1);
    assert.equal(returns[0].status, 'success', JSON.stringify(returns[0]));
    const projects = await letta.agents.blocks.retrieve('projects', { agent_id: alice.id });
    assert.equal(projects.value, 'Engram');
    assert.equal(projects.description, 'Open projects');
  });

  it('updates, detaches and deletes through the API', async () => {
    const updated = await letta.blocks.update(team.id, { value: 'Members: Ann, Ben, Cy' });
    assert.equal(updated.value, 'Members: Ann, Ben, Cy');
    assert.equal((await letta.agents.blocks.retrieve('team', { agent_id: alice.id })).value, 'Members: Ann, Ben, Cy');

    const afterDetach = await letta.agents.blocks.detach(team.id, { agent_id: bob.id });
    assert.ok(!afterDetach.memory.blocks.some((b) => b.id === team.id));

    await letta.blocks.delete(team.id);
    const aliceBlocks = await collect(letta.agents.blocks.list(alice.id));
    assert.deepEqual(aliceBlocks.map((b) => b.label).sort(), ['human', 'persona', 'projects']);
    await assert.rejects(letta.blocks.retrieve(team.id), (e) => e.status === 404);
  });
});
