// Agent secrets, direct tool runs and the non-memory built-ins (run_code, web_search, multi-agent messaging)
// through the official Letta SDK.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { MODEL, client, history, ofType, script, send, textOf } from './support.mjs';

const letta = client();
const suffix = Date.now().toString(36);
const secret = `k-${suffix}-do-not-leak`;
const toolName = `read_api_key_${suffix}`;
const source = `
import os

def ${toolName}(service: str) -> str:
    """Tell which key the tool sees for a service.

    Args:
        service: The service the key is for.
    """
    print("reading the key for", service)
    return service + ":" + os.environ["WEATHER_API_KEY"]
`;

async function agentWith(name, extra) {
  return letta.agents.create({
    name: `${name}-${suffix}`,
    model: MODEL,
    memory_blocks: [{ label: 'persona', value: 'I help.' }],
    ...extra,
  });
}

function onlyReturn(reply) {
  const returns = ofType(reply.messages, 'tool_return_message');
  assert.equal(returns.length, 1, JSON.stringify(reply.messages));
  return returns[0];
}

describe('agent secrets', () => {
  let tool;
  let agent;

  before(async () => {
    tool = await letta.tools.create({ source_code: source });
    agent = await agentWith('secrets', { secrets: { WEATHER_API_KEY: secret }, tool_ids: [tool.id] });
  });

  it('reach the tool environment and the agent sees what the tool returns', async () => {
    const reply = await send(letta, agent.id, `Which key? ${script([
      { tool: toolName, args: { service: 'weather' } }, { text: 'I have the key.' }])}`);
    const ret = onlyReturn(reply);
    assert.equal(ret.status, 'success', JSON.stringify(ret));
    assert.equal(ret.tool_return, `weather:${secret}`);
  });

  it('never appear in clear in agent responses', async () => {
    assert.ok(!JSON.stringify(agent).includes(secret));
    assert.deepEqual(agent.secrets.map((s) => [s.key, s.value]), [['WEATHER_API_KEY', '********']]);
    const plain = await letta.agents.retrieve(agent.id);
    assert.deepEqual(plain.secrets, []);
    const included = await letta.agents.retrieve(agent.id, { include: ['agent.secrets'] });
    assert.equal(included.secrets[0].key, 'WEATHER_API_KEY');
    assert.ok(!JSON.stringify(included).includes(secret));
    const listed = [];
    for await (const a of letta.agents.list({ name: agent.name, include: ['agent.secrets'] })) {
      listed.push(a);
    }
    assert.equal(listed.length, 1);
    assert.ok(!JSON.stringify(listed).includes(secret));
    // Sending the mask back keeps the value.
    const updated = await letta.agents.update(agent.id, { secrets: { WEATHER_API_KEY: '********', REGION: 'eu' } });
    assert.deepEqual(updated.secrets.map((s) => s.key).sort(), ['REGION', 'WEATHER_API_KEY']);
    const again = await letta.agents.tools.run(toolName, { agent_id: agent.id, args: { service: 'maps' } });
    assert.equal(again.func_return, `maps:${secret}`);
  });
});

describe('running tools directly', () => {
  it('runs an attached tool with the agent environment and returns its output', async () => {
    const tool = await letta.tools.create({ source_code: source.replaceAll(toolName, `${toolName}_direct`) });
    const agent = await agentWith('direct', { secrets: { WEATHER_API_KEY: secret }, tool_ids: [tool.id] });
    const result = await letta.agents.tools.run(`${toolName}_direct`, { agent_id: agent.id, args: { service: 'x' } });
    assert.equal(result.status, 'success', JSON.stringify(result));
    assert.equal(result.func_return, `x:${secret}`);
    assert.deepEqual(result.stdout, ['reading the key for x\n']);
    const failed = await letta.agents.tools.run(`${toolName}_direct`, { agent_id: agent.id, args: {} });
    assert.equal(failed.status, 'error');
    assert.match(String(failed.func_return), /TypeError/);
    await assert.rejects(letta.agents.tools.run('not_attached', { agent_id: agent.id, args: {} }),
      (e) => e.status === 404);
    // Running a tool does not touch the agent's history.
    assert.equal(ofType(await history(letta, agent.id, 50), 'tool_return_message').length, 0);
  });

  it('runs Python source with env vars, and refuses packages it cannot install', async () => {
    const body = {
      source_code: 'import os\ndef shout(word: str) -> str:\n    """Shout.\n\n    Args:\n        word: What.\n    """\n'
        + '    return (word + os.environ["SUFFIX"]).upper()\n',
      args: { word: 'hello' },
      env_vars: { SUFFIX: '!' },
    };
    const ret = await letta.post('/v1/tools/run', { body });
    assert.equal(ret.message_type, 'tool_return_message');
    assert.equal(ret.status, 'success', JSON.stringify(ret));
    assert.equal(ret.tool_return, 'HELLO!');
    await assert.rejects(letta.post('/v1/tools/run', { body: { ...body, pip_requirements: [{ name: 'requests' }] } }),
      (e) => e.status === 400 && /pip_requirements/.test(JSON.stringify(e.error)));
    const count = await letta.get('/v1/tools/count', { query: { name: 'run_code' } });
    assert.equal(count, 1);
  });
});

describe('built-in tools', () => {
  it('run_code runs Python in the sandbox; other languages get a clear error', async () => {
    const agent = await agentWith('coder', { tools: ['run_code', 'web_search'] });
    const reply = await send(letta, agent.id, `Compute. ${script([
      { tool: 'run_code', args: { code: 'print(sum(range(10)))\n2 ** 10', language: 'python' } },
      { text: 'Done.' }])}`);
    const ret = onlyReturn(reply);
    assert.equal(ret.status, 'success', JSON.stringify(ret));
    const out = JSON.parse(ret.tool_return);
    assert.deepEqual(out.logs.stdout, ['45\n']);
    assert.deepEqual(out.results, ['1024']);
    const js = await send(letta, agent.id, `Now in JS. ${script([
      { tool: 'run_code', args: { code: 'console.log(1)', language: 'js' } }, { text: 'Not possible.' }])}`);
    assert.equal(onlyReturn(js).status, 'error');
    assert.match(onlyReturn(js).tool_return, /only Python/);
    const search = await send(letta, agent.id, `Search. ${script([
      { tool: 'web_search', args: { query: 'engram' } }, { text: 'No search here.' }])}`);
    assert.equal(onlyReturn(search).status, 'error');
    assert.match(onlyReturn(search).tool_return, /no search provider is configured/);
  });

  it('agents message each other as real messages, waiting for replies or not', async () => {
    const tag = `team-${suffix}`;
    const asker = await agentWith('asker', { include_multi_agent_tools: true, tags: ['asker'] });
    assert.ok(asker.tools.some((t) => t.name === 'send_message_to_agents_matching_tags'),
      asker.tools.map((t) => t.name).join(', '));
    const helper = await agentWith('helper', { tags: [tag, 'blue'] });
    const other = await agentWith('other', { tags: [tag] });

    const asked = await send(letta, asker.id, `Ask the helper. ${script([
      { tool: 'send_message_to_agent_and_wait_for_reply',
        args: { message: 'What is your favourite colour?', other_agent_id: helper.id } },
      { text: 'Asked.' }])}`);
    const answer = onlyReturn(asked);
    assert.equal(answer.status, 'success', JSON.stringify(answer));
    // The helper runs on the scripted model, which echoes what it received.
    assert.equal(answer.tool_return,
      `Echo: [Message from agent ${asker.id}, which is waiting for your reply] What is your favourite colour?`);
    // The helper is asked to ask the asker back while the asker waits for it: refused, not a deadlock.
    const echoer = await agentWith('echoer', { include_multi_agent_tools: true });
    const backSteps = [{ tool: 'send_message_to_agent_and_wait_for_reply',
      args: { message: 'And you?', other_agent_id: asker.id } }, { text: 'Could not ask back.' }];
    const outerSteps = [{ tool: 'send_message_to_agent_and_wait_for_reply',
      args: { message: `Ask me back. ${script(backSteps)}`, other_agent_id: echoer.id } }, { text: 'Asked.' }];
    // The echoer's script travels inside the asker's: its markers are escaped so the asker's script stays one JSON.
    const loop = await send(letta, asker.id,
      `Ask the echoer. <<script>> ${JSON.stringify(outerSteps).replaceAll('<', '\\u003c')} <</script>>`);
    assert.equal(onlyReturn(loop).tool_return, 'Could not ask back.', JSON.stringify(onlyReturn(loop)));
    const echoerReturns = ofType(await history(letta, echoer.id, 50), 'tool_return_message');
    assert.equal(echoerReturns.length, 1);
    assert.equal(echoerReturns[0].status, 'error');
    assert.match(echoerReturns[0].tool_return, /is itself waiting for a reply from/);

    const helperSaw = ofType(await history(letta, helper.id, 50), 'user_message').map((m) => textOf(m.content));
    assert.ok(helperSaw.some((t) => t.includes('What is your favourite colour?')), helperSaw.join(' | '));

    const self = await send(letta, asker.id, `Ask yourself. ${script([
      { tool: 'send_message_to_agent_and_wait_for_reply', args: { message: 'Hi me', other_agent_id: asker.id } },
      { text: 'Cannot.' }])}`);
    assert.equal(onlyReturn(self).status, 'error');
    assert.match(onlyReturn(self).tool_return, /cannot send a message to itself/);

    const tagged = await send(letta, asker.id, `Ask the team. ${script([
      { tool: 'send_message_to_agents_matching_tags', args: { message: 'Roll call', match_all: [tag], match_some: [] } },
      { text: 'Everyone answered.' }])}`);
    const roll = JSON.parse(onlyReturn(tagged).tool_return);
    assert.equal(roll.length, 2, JSON.stringify(roll));
    assert.ok(roll.some((r) => r.startsWith(`${helper.id} replied: Echo:`)), JSON.stringify(roll));
    assert.ok(roll.some((r) => r.startsWith(`${other.id} replied: Echo:`)), JSON.stringify(roll));

    const told = await send(letta, asker.id, `Tell the other. ${script([
      { tool: 'send_message_to_agent_async', args: { message: 'FYI: the meeting moved', other_agent_id: other.id } },
      { text: 'Told.' }])}`);
    assert.equal(onlyReturn(told).status, 'success', JSON.stringify(onlyReturn(told)));
    let seen = [];
    for (let i = 0; i < 100 && !seen.some((t) => t.includes('FYI: the meeting moved')); i++) {
      await new Promise((r) => setTimeout(r, 200));
      seen = ofType(await history(letta, other.id, 50), 'user_message').map((m) => textOf(m.content));
    }
    assert.ok(seen.some((t) => t.includes(`[Message from agent ${asker.id}; it is not waiting for a reply] FYI`)),
      seen.join(' | '));
  });
});
