// Custom Python tools through the official Letta SDK: create from source (schema derived by Engram), list,
// update, attach to and detach from an agent.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { MODEL, client, ofType, script, send } from './support.mjs';

const letta = client();
const suffix = Date.now().toString(36);
const toolName = `convert_currency_${suffix}`;
const source = `
from typing import Literal, Optional

def ${toolName}(amount: float, to: Literal["EUR", "USD", "GBP"], rate: Optional[float] = None) -> str:
    """Convert an amount of money into another currency.

    Args:
        amount (float): How much money to convert.
        to: The currency to convert into.
        rate: Exchange rate to use instead of today's.

    Returns:
        str: The converted amount.
    """
    return f"{amount * (rate or 1.0):.2f} {to}"
`;

describe('custom tools through the Letta SDK', () => {
  let tool;

  before(async () => {
    tool = await letta.tools.create({ source_code: source, tags: ['money'] });
  });

  it('derives the JSON schema from the function signature and docstring', () => {
    assert.match(tool.id, /^tool-/);
    assert.equal(tool.name, toolName);
    assert.equal(tool.tool_type, 'custom');
    assert.equal(tool.source_type, 'python');
    assert.equal(tool.description, 'Convert an amount of money into another currency.');
    assert.deepEqual(tool.json_schema.parameters.required, ['amount', 'to']);
    assert.deepEqual(tool.json_schema.parameters.properties.amount,
      { type: 'number', description: 'How much money to convert.' });
    assert.deepEqual(tool.json_schema.parameters.properties.to.enum, ['EUR', 'USD', 'GBP']);
    assert.equal(tool.json_schema.parameters.properties.rate.type, 'number');
  });

  it('rejects a duplicate name and bad source with the reason', async () => {
    await assert.rejects(letta.tools.create({ source_code: source }), (e) => e.status === 409);
    await assert.rejects(letta.tools.create({ source_code: 'def broken(x: int:\n    pass\n' }),
      (e) => e.status === 400 && /Syntax error/.test(JSON.stringify(e.error)));
  });

  it('lists, updates and upserts the tool', async () => {
    const listed = [];
    for await (const t of letta.tools.list({ name: toolName })) {
      listed.push(t);
    }
    assert.deepEqual(listed.map((t) => t.id), [tool.id]);
    const updated = await letta.tools.update(tool.id, { return_char_limit: 500, tags: ['money', 'fx'] });
    assert.equal(updated.return_char_limit, 500);
    assert.deepEqual(updated.tags, ['money', 'fx']);
    const upserted = await letta.tools.upsert({ source_code: source, description: 'Currency conversion.' });
    assert.equal(upserted.id, tool.id);
    assert.equal(upserted.description, 'Currency conversion.');
  });

  it('attaches the tool to an agent, which runs it, and detaches it', async () => {
    const agent = await letta.agents.create({
      name: `tools-${suffix}`,
      model: MODEL,
      memory_blocks: [{ label: 'persona', value: 'I convert money.' }],
    });
    const attached = await letta.agents.tools.attach(tool.id, { agent_id: agent.id });
    assert.ok(attached.tools.some((t) => t.id === tool.id), JSON.stringify(attached.tools.map((t) => t.name)));
    const names = [];
    for await (const t of letta.agents.tools.list(agent.id)) {
      names.push(t.name);
    }
    assert.ok(names.includes(toolName), names.join(', '));
    // The agent calls it: tool-executor runs the source in its sandbox and the return is in the message list.
    const reply = await send(letta, agent.id, `Convert 10 to euros. ${script([
      { tool: toolName, args: { amount: 10, to: 'EUR', rate: 1.1 } }, { text: 'That is 11 euros.' }])}`);
    const [ret] = ofType(reply.messages, 'tool_return_message');
    assert.ok(ret, JSON.stringify(reply.messages));
    assert.equal(ret.status, 'success', JSON.stringify(ret));
    assert.equal(ret.tool_return, '11.00 EUR');
    const failing = await send(letta, agent.id, `Convert to nowhere. ${script([
      { tool: toolName, args: { amount: 'ten', to: 'EUR' } }, { text: 'That failed.' }])}`);
    const [err] = ofType(failing.messages, 'tool_return_message');
    assert.equal(err.status, 'error', JSON.stringify(err));
    assert.match(err.tool_return, /TypeError/);
    const detached = await letta.agents.tools.detach(tool.id, { agent_id: agent.id });
    assert.ok(!detached.tools.some((t) => t.id === tool.id));
    await letta.tools.delete(tool.id);
    await assert.rejects(letta.tools.retrieve(tool.id), (e) => e.status === 404);
  });
});
