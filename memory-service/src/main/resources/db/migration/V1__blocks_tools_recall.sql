-- Core memory blocks (Letta's `block` table). (id, label) is unique so that agent_blocks can
-- reference the label and follow a rename through ON UPDATE CASCADE.
CREATE TABLE blocks (
  id TEXT PRIMARY KEY,
  label TEXT NOT NULL,
  value TEXT NOT NULL,
  char_limit INTEGER NOT NULL,
  description TEXT,
  read_only BOOLEAN NOT NULL DEFAULT FALSE,
  metadata JSONB NOT NULL DEFAULT '{}'::jsonb,
  tags TEXT[] NOT NULL DEFAULT '{}',
  hidden BOOLEAN,
  is_template BOOLEAN NOT NULL DEFAULT FALSE,
  template_name TEXT,
  project_id TEXT,
  preserve_on_migration BOOLEAN,
  created_by_id TEXT,
  last_updated_by_id TEXT,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  CONSTRAINT blocks_id_label UNIQUE (id, label)
);

-- Which blocks an agent has, in attach order. The label copy lets the database enforce one block
-- per label per agent (as Letta's blocks_agents does), also when a shared block is renamed.
CREATE TABLE agent_blocks (
  agent_id TEXT NOT NULL,
  block_id TEXT NOT NULL,
  block_label TEXT NOT NULL,
  position INTEGER NOT NULL,
  attached_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (agent_id, block_id),
  CONSTRAINT agent_blocks_unique_label UNIQUE (agent_id, block_label),
  CONSTRAINT agent_blocks_block FOREIGN KEY (block_id, block_label)
    REFERENCES blocks (id, label) ON UPDATE CASCADE
);
CREATE INDEX agent_blocks_by_block ON agent_blocks (block_id);

-- One row per idempotency key: written in the transaction that applies the tool, so a replay
-- finds the recorded result instead of applying the edit again.
CREATE TABLE tool_executions (
  idempotency_key TEXT PRIMARY KEY,
  agent_id TEXT NOT NULL,
  run_id TEXT,
  step_id TEXT,
  tool_call_id TEXT,
  tool_name TEXT NOT NULL,
  status TEXT NOT NULL,
  tool_return TEXT,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- The recall index behind conversation_search, fed by MessagesPersisted.
CREATE TABLE recall_messages (
  message_id TEXT PRIMARY KEY,
  agent_id TEXT NOT NULL,
  run_id TEXT,
  role TEXT NOT NULL,
  text TEXT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL,
  search_vector TSVECTOR GENERATED ALWAYS AS (to_tsvector('english', text)) STORED
);
CREATE INDEX recall_messages_by_agent_time ON recall_messages (agent_id, created_at DESC);
CREATE INDEX recall_messages_search ON recall_messages USING GIN (search_vector);
