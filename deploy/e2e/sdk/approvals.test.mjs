// Human-in-the-loop tool calls through the official Letta SDK: a tool switched to require approval stops the
// run, the agent shows the pending request, a normal message meanwhile is Letta's 409 PENDING_APPROVAL, and the
// answer (approve — a memory tool or a custom tool in the sandbox —, deny with a reason, or a client-side tool's
// own return) lets the agent carry on.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { MODEL, client, history, ofType, script } from './support.mjs';

const letta = client();
const suffix = Date.now().toString(36);

async function stopsForApproval(agentId, body) {
  const response = await letta.agents.messages.create(agentId, body);
  assert.equal(response.stop_reason?.stop_reason, 'requires_approval', JSON.stringify(response));
  const [request] = ofType(response.messages, 'approval_request_message');
  assert.ok(request, JSON.stringify(response.messages));
  assert.equal(request.tool_calls.length, 1);
  assert.equal(request.tool_call.tool_call_id, request.tool_calls[0].tool_call_id);
  return request;
}

async function answer(agentId, approvals, extra = {}) {
  const response = await letta.agents.messages.create(agentId, {
    messages: [{ type: 'approval', approvals }], ...extra });
  assert.equal(response.stop_reason?.stop_reason, 'end_turn', JSON.stringify(response));
  return response;
}

async function humanBlock(agentId) {
  return (await letta.agents.blocks.retrieve('human', { agent_id: agentId })).value;
}

describe('tool approvals through the Letta SDK', () => {
  let agent;

  before(async () => {
    agent = await letta.agents.create({
      name: `approvals-${suffix}`,
      model: MODEL,
      memory_blocks: [{ label: 'human', value: 'Name: unknown' }, { label: 'persona', value: 'I ask first.' }],
    });
    const switched = await letta.agents.tools.updateApproval('memory_insert',
      { agent_id: agent.id, body_requires_approval: true });
    assert.equal(switched, null);
    const rules = (await letta.agents.retrieve(agent.id)).tool_rules;
    assert.ok(rules.some((r) => r.type === 'requires_approval' && r.tool_name === 'memory_insert'),
      JSON.stringify(rules));
  });

  it('runs an approved call and carries on', async () => {
    const request = await stopsForApproval(agent.id, { messages: [{ role: 'user', content: `Remember tea. ${script([
      { tool: 'memory_insert', args: { label: 'human', new_string: 'Likes tea' } }, { text: 'Saved.' }])}` }] });
    assert.equal(request.tool_call.name, 'memory_insert');

    const state = await letta.agents.retrieve(agent.id, { include: ['agent.pending_approval'] });
    assert.equal(state.pending_approval?.id, request.id, JSON.stringify(state.pending_approval));
    await assert.rejects(letta.agents.messages.create(agent.id, { messages: [{ role: 'user', content: 'hello?' }] }),
      (e) => e.status === 409 && e.error?.detail?.code === 'PENDING_APPROVAL'
        && e.error.detail.pending_request_id === request.id
        && /waiting for approval on a tool call/.test(e.error.detail.message));
    assert.doesNotMatch(await humanBlock(agent.id), /Likes tea/);

    const done = await answer(agent.id, [{ type: 'approval', tool_call_id: request.tool_call.tool_call_id,
      approve: true }]);
    const [ret] = ofType(done.messages, 'tool_return_message');
    assert.equal(ret.status, 'success', JSON.stringify(ret));
    assert.equal(ret.tool_call_id, request.tool_call.tool_call_id);
    assert.equal(ofType(done.messages, 'assistant_message').at(-1).content, 'Saved.');
    assert.match(await humanBlock(agent.id), /Likes tea/);
    const after = await letta.agents.retrieve(agent.id, { include: ['agent.pending_approval'] });
    assert.ok(!after.pending_approval, JSON.stringify(after.pending_approval));

    const types = (await history(letta, agent.id, 50)).map((m) => m.message_type);
    const at = types.indexOf('approval_request_message');
    assert.deepEqual(types.slice(at, at + 4), ['approval_request_message', 'approval_response_message',
      'tool_return_message', 'assistant_message'], types.join(', '));
  });

  it('turns a denial into an error return with the reason, and the call never runs', async () => {
    const request = await stopsForApproval(agent.id, { messages: [{ role: 'user', content: `Remember coffee. ${script([
      { tool: 'memory_insert', args: { label: 'human', new_string: 'Likes coffee' } }, { text: 'Not saved.' }])}` }] });

    const done = await answer(agent.id, [{ type: 'approval', tool_call_id: request.tool_call.tool_call_id,
      approve: false, reason: 'coffee is private' }]);
    const [ret] = ofType(done.messages, 'tool_return_message');
    assert.equal(ret.status, 'error', JSON.stringify(ret));
    assert.match(ret.tool_return, /coffee is private/);
    assert.equal(ofType(done.messages, 'assistant_message').at(-1).content, 'Not saved.');
    assert.doesNotMatch(await humanBlock(agent.id), /coffee/);
    await assert.rejects(answer(agent.id, [{ type: 'approval', tool_call_id: request.tool_call.tool_call_id,
      approve: true }]), (e) => e.status === 400);
  });

  it('runs an approved custom tool in the sandbox of tool-executor', async () => {
    const name = `shout_${suffix}`;
    const tool = await letta.tools.create({ source_code: [
      `def ${name}(text: str) -> str:`,
      '    """Shouts a text.',
      '',
      '    Args:',
      '        text: What to shout.',
      '    """',
      '    return text.upper()',
      ''].join('\n') });
    await letta.agents.tools.attach(tool.id, { agent_id: agent.id });
    await letta.agents.tools.updateApproval(name, { agent_id: agent.id, body_requires_approval: true });
    const request = await stopsForApproval(agent.id, { messages: [{ role: 'user', content: `Shout hi. ${script([
      { tool: name, args: { text: 'hi there' } }, { text: 'Shouted.' }])}` }] });

    const done = await answer(agent.id, [{ type: 'approval', tool_call_id: request.tool_call.tool_call_id,
      approve: true }]);
    const [ret] = ofType(done.messages, 'tool_return_message');
    assert.equal(ret.status, 'success', JSON.stringify(ret));
    assert.equal(ret.tool_return, 'HI THERE');
    await letta.agents.tools.detach(tool.id, { agent_id: agent.id });
  });

  it('lets the client run its own tool and send the return', async () => {
    const clientTools = [{ name: 'read_file', description: 'Reads a file of the user.',
      parameters: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] } }];
    const request = await stopsForApproval(agent.id, { client_tools: clientTools, messages: [{ role: 'user',
      content: `What is in notes.txt? ${script([{ tool: 'read_file', args: { path: 'notes.txt' } },
        { text: 'It says hello.' }])}` }] });
    assert.equal(request.tool_call.name, 'read_file');
    assert.deepEqual(JSON.parse(request.tool_call.arguments), { path: 'notes.txt' });

    const done = await answer(agent.id, [{ type: 'tool', tool_call_id: request.tool_call.tool_call_id,
      tool_return: 'hello from the client', status: 'success' }], { client_tools: clientTools });
    const [ret] = ofType(done.messages, 'tool_return_message');
    assert.equal(ret.tool_return, 'hello from the client');
    assert.equal(ret.status, 'success');
    assert.equal(ofType(done.messages, 'assistant_message').at(-1).content, 'It says hello.');
  });
});
