// Shared by the SDK scripts: the client as a user would build it, and small readers of Letta messages.
import { writeFileSync, readFileSync } from 'node:fs';
import Letta from '@letta-ai/letta-client';

export const MODEL = 'scripted/scripted-model';

/** The official client pointed at Engram; no retries, so that a failing call is never hidden or re-sent. */
export function client() {
  const baseURL = process.env.LETTA_BASE_URL;
  if (!baseURL) {
    throw new Error('LETTA_BASE_URL is not set');
  }
  return new Letta({ baseURL, maxRetries: 0, timeout: 120_000 });
}

/** A message's text whether the server sent a string or a list of content parts. */
export function textOf(content) {
  if (typeof content === 'string') {
    return content;
  }
  if (Array.isArray(content)) {
    return content.map((part) => (typeof part === 'string' ? part : part.text ?? '')).join('');
  }
  return '';
}

export function ofType(messages, type) {
  return messages.filter((m) => m.message_type === type);
}

/** Every message of the agent, oldest first, read through the SDK's auto-pagination in small pages. */
export async function history(letta, agentId, pageSize) {
  const all = [];
  for await (const message of letta.agents.messages.list(agentId, { order: 'asc', limit: pageSize })) {
    all.push(message);
  }
  return all;
}

/** What the first script hands to the one run after the restart. */
export function saveState(state) {
  writeFileSync(requiredEnv('E2E_STATE_FILE'), JSON.stringify(state, null, 2));
}

export function loadState() {
  return JSON.parse(readFileSync(requiredEnv('E2E_STATE_FILE'), 'utf8'));
}

function requiredEnv(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set`);
  }
  return value;
}

/** A user message text that makes the scripted model run these steps (tool calls, then text). */
export function script(steps) {
  return `<<script>> ${JSON.stringify(steps)} <</script>>`;
}

/** Sends one user message and expects the turn to end normally. */
export async function send(letta, agentId, text) {
  const response = await letta.agents.messages.create(agentId, { messages: [{ role: 'user', content: text }] });
  if (response.stop_reason?.stop_reason !== 'end_turn') {
    throw new Error(`turn ended with ${JSON.stringify(response.stop_reason)}: ${JSON.stringify(response.messages)}`);
  }
  return response;
}
