// Runs and steps through the official Letta SDK: an async send with a webhook received by a local HTTP server,
// the run's reads (retrieve, list, messages, usage, steps), a step and its metrics, one stored message, and
// cancelling a queued run.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { MODEL, client, ofType, textOf } from './support.mjs';

const letta = client();
const suffix = Date.now().toString(36);

/** A webhook receiver on 127.0.0.1: every POST body it got, and a way to wait for the next ones. */
function webhookServer() {
  const bodies = [];
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => { raw += chunk; });
    req.on('end', () => {
      bodies.push({ contentType: req.headers['content-type'], body: JSON.parse(raw) });
      res.writeHead(204).end();
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    url: `http://127.0.0.1:${server.address().port}/hooks/run-ended`,
    bodies,
    close: () => new Promise((done) => server.close(done)),
  })));
}

/** Polls until {@code check} returns something truthy (or fails after {@code ms}). */
async function eventually(what, check, ms = 60_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

const ended = (runId) => eventually(`run ${runId} to end`, async () => {
  const run = await letta.runs.retrieve(runId);
  return ['completed', 'failed', 'cancelled'].includes(run.status) ? run : null;
});

describe('runs and steps through the Letta SDK', () => {
  let agent;
  let hook;
  let run;

  before(async () => {
    hook = await webhookServer();
    agent = await letta.agents.create({
      name: `runs-${suffix}`,
      model: MODEL,
      memory_blocks: [{ label: 'persona', value: 'I answer briefly.' }],
    });
  });

  after(async () => {
    await hook?.close();
  });

  it('answers an async send with its run at once and calls the webhook when it ends', async () => {
    run = await letta.agents.messages.createAsync(agent.id, {
      messages: [{ role: 'user', content: 'Hello from an async send' }],
      callback_url: hook.url,
    });
    assert.match(run.id, /^run-/);
    assert.equal(run.agent_id, agent.id);
    assert.ok(['created', 'running'].includes(run.status), run.status);
    assert.equal(run.background, true);
    assert.equal(run.metadata.run_type, 'send_message_async');
    assert.equal(run.callback_url, hook.url);

    const done = await ended(run.id);
    assert.equal(done.status, 'completed');
    assert.equal(done.stop_reason, 'end_turn');
    assert.ok(done.completed_at);
    const call = await eventually('the webhook', () => hook.bodies.find((b) => b.body.run_id === run.id));
    assert.equal(call.contentType, 'application/json');
    assert.equal(call.body.status, 'completed');
    assert.ok(call.body.completed_at);
    assert.equal(call.body.metadata.run_type, 'send_message_async');
    const recorded = await eventually('the delivery on the run', async () => {
      const r = await letta.runs.retrieve(run.id);
      return r.callback_status_code ? r : null;
    });
    assert.equal(recorded.callback_status_code, 204);
    assert.ok(recorded.callback_sent_at);
    assert.equal(recorded.callback_error ?? null, null);
  });

  it('lists the run with filters and reads its messages, usage and steps', async () => {
    const listed = [];
    for await (const r of letta.runs.list({ agent_id: agent.id, statuses: ['completed'], limit: 10 })) {
      listed.push(r);
    }
    assert.deepEqual(listed.map((r) => r.id), [run.id]);
    const none = await letta.runs.list({ agent_id: agent.id, statuses: ['failed'] });
    assert.equal(none.getPaginatedItems().length, 0);

    const messages = [];
    for await (const m of letta.runs.messages.list(run.id)) {
      messages.push(m);
    }
    const user = ofType(messages, 'user_message');
    assert.ok(user.some((m) => textOf(m.content).includes('Hello from an async send')), JSON.stringify(messages));
    const replies = ofType(messages, 'assistant_message');
    assert.ok(replies.length >= 1, JSON.stringify(messages));
    assert.ok(messages.every((m) => m.run_id === run.id));

    const usage = await letta.runs.usage.retrieve(run.id);
    assert.ok(usage.total_tokens > 0, JSON.stringify(usage));
    assert.equal(usage.total_tokens, usage.prompt_tokens + usage.completion_tokens);

    const steps = [];
    for await (const s of letta.runs.steps.list(run.id)) {
      steps.push(s);
    }
    assert.ok(steps.length >= 1);
    const step = await letta.steps.retrieve(steps[0].id);
    assert.equal(step.run_id, run.id);
    assert.equal(step.agent_id, agent.id);
    assert.equal(step.model_handle, MODEL);
    assert.equal(step.status, 'success');
    assert.equal(steps.reduce((sum, s) => sum + s.total_tokens, 0), usage.total_tokens);
    const metrics = await letta.steps.metrics.retrieve(step.id);
    assert.ok(metrics.step_ns > 0);
    assert.ok(metrics.llm_request_ns > 0 && metrics.llm_request_ns <= metrics.step_ns, JSON.stringify(metrics));

    // GET /v1/messages/{id}: the stored message behind the reply, as a list of its parts.
    const parts = await letta.messages.retrieve(replies[0].id);
    assert.ok(Array.isArray(parts));
    assert.ok(parts.some((p) => p.id === replies[0].id && p.message_type === 'assistant_message'));
  });

  it('refuses a bad callback URL and reports 409 when there is nothing to cancel', async () => {
    await assert.rejects(letta.agents.messages.createAsync(agent.id, {
      messages: [{ role: 'user', content: 'x' }], callback_url: 'not-a-url',
    }), (e) => e.status === 400);
    await assert.rejects(letta.agents.messages.cancel(agent.id), (e) => e.status === 409);
  });

  it('accepts cancelling a queued run', async () => {
    const slow = await letta.agents.messages.createAsync(agent.id, {
      messages: [{ role: 'user', content: 'Take your time <<latency:3000>>' }],
    });
    const queued = await letta.agents.messages.createAsync(agent.id, {
      messages: [{ role: 'user', content: 'Queued behind the slow one' }],
    });
    const answer = await letta.agents.messages.cancel(agent.id, { run_ids: [queued.id] });
    assert.deepEqual(answer, { [queued.id]: 'cancelled' });
    const slowDone = await ended(slow.id);
    assert.equal(slowDone.status, 'completed');
    const queuedDone = await ended(queued.id);
    // Whatever step-runner made of the request, status and stop reason agree and the run has ended.
    assert.ok(queuedDone.completed_at);
    assert.equal(queuedDone.status, queuedDone.stop_reason === 'cancelled' ? 'cancelled' : 'completed');
  });

  it('ends a cancelled queued run as cancelled without running it', async () => {
      const slow = await letta.agents.messages.createAsync(agent.id, {
        messages: [{ role: 'user', content: 'Slow again <<latency:3000>>' }],
      });
      const queued = await letta.agents.messages.createAsync(agent.id, {
        messages: [{ role: 'user', content: 'Never answered' }],
      });
      await letta.agents.messages.cancel(agent.id, { run_ids: [queued.id] });
      const done = await ended(queued.id);
      assert.equal(done.status, 'cancelled');
      assert.equal(done.stop_reason, 'cancelled');
      const messages = [];
      for await (const m of letta.runs.messages.list(queued.id)) {
        messages.push(m);
      }
      assert.equal(ofType(messages, 'assistant_message').length, 0);
      assert.equal((await ended(slow.id)).status, 'completed');
    });
});
