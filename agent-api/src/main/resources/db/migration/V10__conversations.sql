-- Conversations of an agent other than its default one (Letta's Conversation, ids conv-<uuid4>). The record lives
-- here; each conversation's messages and context window live in step-runner, keyed by the conversation id.
-- model / model_settings / context_window_limit override the agent's for the conversation's runs.
CREATE TABLE conversations (
  id TEXT PRIMARY KEY,
  agent_id TEXT NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
  summary TEXT,
  description TEXT,
  hidden BOOLEAN NOT NULL DEFAULT false,
  archived BOOLEAN NOT NULL DEFAULT false,
  archived_at TIMESTAMPTZ,
  model TEXT,
  model_settings JSONB,
  context_window_limit INT,
  isolated_block_labels TEXT[] NOT NULL DEFAULT '{}',
  created_by_id TEXT NOT NULL,
  last_updated_by_id TEXT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL,
  last_message_at TIMESTAMPTZ
);
CREATE INDEX conversations_agent ON conversations (agent_id, created_at, id);

-- Runs of one conversation (cancel, resume and GET /v1/runs/?conversation_id=).
CREATE INDEX IF NOT EXISTS runs_conversation ON runs (conversation_id, created_at) WHERE conversation_id IS NOT NULL;
