// The context window through the Letta SDK: an agent with a small window compacts on its own as the
// conversation grows, the context overview stays consistent, a manual compact summarizes the rest, and
// conversation_search still finds what the first message said.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { MODEL, client, ofType, script, send as sendTo } from './support.mjs';

const letta = client();
const send = (agentId, text) => sendTo(letta, agentId, text);
const FACT = 'PELICAN-4471';
// Headroom above the fixed part of the prompt (system prompt and tools): a few long turns fill it.
const HEADROOM_TOKENS = 1500;

/** GET /v1/agents/{id}/context: deprecated in Letta and absent from SDK 1.12.1, so fetched directly. */
async function context(agentId) {
  const response = await fetch(`${process.env.LETTA_BASE_URL}/v1/agents/${agentId}/context`);
  assert.equal(response.status, 200, await response.clone().text());
  return response.json();
}

/** The overview's token counts must add up to its current size, which must fit the window. */
function assertConsistent(overview) {
  const parts = Object.entries(overview).filter(([key]) => key.startsWith('num_tokens_'));
  const sum = parts.reduce((total, [, value]) => total + value, 0);
  assert.equal(sum, overview.context_window_size_current, JSON.stringify(Object.fromEntries(parts)));
  assert.ok(overview.context_window_size_current <= overview.context_window_size_max,
    `${overview.context_window_size_current} tokens in a window of ${overview.context_window_size_max}`);
  // num_messages counts the system message even before the first run has stored it.
  assert.equal(overview.num_messages, Math.max(1, overview.messages.length));
}

/** A long filler message (about 600 tokens by the scripted model's chars / 4 estimate). */
function filler(turn) {
  return `Turn ${turn}: ` + 'the weather log repeats itself today with mild wind and light rain. '.repeat(35);
}

describe('context window and compaction through the Letta SDK', () => {
  let agent;
  let window;

  before(async () => {
    agent = await letta.agents.create({
      name: `compactor-${Date.now()}`,
      model: MODEL,
      memory_blocks: [{ label: 'human', value: 'A sailor.' }, { label: 'persona', value: 'A harbour clerk.' }],
      compaction_settings: { mode: 'sliding_window', sliding_window_percentage: 0.3 },
    });
    assert.equal(agent.compaction_settings?.mode, 'sliding_window');
    const empty = await context(agent.id);
    assertConsistent(empty);
    window = empty.context_window_size_current + HEADROOM_TOKENS;
    agent = await letta.agents.update(agent.id, { context_window_limit: window });
    assert.equal(agent.llm_config.context_window, window);
    assert.equal(agent.compaction_settings?.sliding_window_percentage, 0.3);
  });

  it('compacts on its own when the conversation outgrows the window', async () => {
    await send(agent.id, `Please remember the harbour password: ${FACT}.`);
    let overview;
    for (let turn = 1; turn <= 12; turn++) {
      await send(agent.id, filler(turn));
      overview = await context(agent.id);
      assertConsistent(overview);
      assert.equal(overview.context_window_size_max, window);
      if (overview.summary_memory) {
        break;
      }
    }
    assert.ok(overview.summary_memory, `no summary after 12 long turns: ${JSON.stringify(overview)}`);
    assert.ok(overview.num_tokens_summary_memory > 0);
    assert.ok(overview.context_window_size_current <= 0.9 * window + 700,
      `${overview.context_window_size_current} of ${window}`);
    // The summary follows the system message.
    assert.equal(overview.messages[0].role, 'system');
    assert.ok(JSON.stringify(overview.messages[1]).includes('system_alert'), JSON.stringify(overview.messages[1]));
  });

  it('compacts on request and answers a CompactionResponse', async () => {
    const before = await context(agent.id);
    const result = await letta.agents.messages.compact(agent.id, { compaction_settings: { mode: 'all' } });
    assert.deepEqual(Object.keys(result).sort(), ['num_messages_after', 'num_messages_before', 'summary']);
    assert.equal(typeof result.summary, 'string');
    assert.ok(result.summary.length > 0);
    assert.equal(result.num_messages_before, before.num_messages);
    assert.equal(result.num_messages_after, 2, 'all mode keeps only the system message and the summary');

    const after = await context(agent.id);
    assertConsistent(after);
    assert.equal(after.num_messages, 2);
    assert.ok(after.summary_memory);
    assert.ok(after.context_window_size_current < before.context_window_size_current);
    // The agent's own settings are unchanged by the request's.
    assert.equal((await letta.agents.retrieve(agent.id)).compaction_settings?.mode, 'sliding_window');

    // Nothing is left to summarize: Letta's 400.
    await assert.rejects(letta.agents.messages.compact(agent.id, { compaction_settings: { mode: 'all' } }),
      (e) => e.status === 400 && /reduce the number of messages/.test(e.message));
  });

  it('summarizes with the agent\'s own model when the settings say letta/auto (as the letta CLI sets)', async () => {
    const cli = await letta.agents.create({
      name: `cli-style-${Date.now()}`,
      model: MODEL,
      memory_blocks: [{ label: 'human', value: 'A sailor.' }],
      compaction_settings: { model: 'letta/auto' },
    });
    assert.equal(cli.compaction_settings?.model, 'letta/auto', 'stored as given');
    await letta.agents.messages.create(cli.id, { messages: [{ role: 'user', content: 'The tide turns at noon.' }] });
    // Request settings replace the agent's for this compaction: name letta/auto there too.
    const result = await letta.agents.messages.compact(cli.id,
      { compaction_settings: { model: 'letta/auto', mode: 'all' } });
    assert.ok(result.summary.length > 0);
    assert.equal(result.num_messages_after, 2);
  });

  it('still finds the first message with conversation_search', async () => {
    const response = await send(agent.id, `What was the password? ${script([
      { tool: 'conversation_search', args: { query: FACT } }, { text: 'Found it.' }])}`);
    const returns = ofType(response.messages, 'tool_return_message');
    assert.equal(returns.length, 1, JSON.stringify(response.messages));
    assert.equal(returns[0].status, 'success', JSON.stringify(returns[0]));
    assert.match(returns[0].tool_return, new RegExp(FACT));
    assertConsistent(await context(agent.id));
  });
});
