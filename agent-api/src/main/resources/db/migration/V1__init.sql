-- Agents: identity, instructions and model of each agent. Core memory blocks live in
-- memory-service and messages in step-runner; only their owners' REST APIs reach them.
CREATE TABLE agents (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  agent_type TEXT NOT NULL,
  system TEXT NOT NULL,
  description TEXT,
  llm_config JSONB NOT NULL,
  embedding TEXT,
  tags TEXT[] NOT NULL DEFAULT '{}',
  metadata JSONB,
  timezone TEXT NOT NULL DEFAULT 'UTC',
  message_buffer_autoclear BOOLEAN NOT NULL DEFAULT false,
  created_by_id TEXT NOT NULL,
  last_updated_by_id TEXT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL,
  last_run_completion TIMESTAMPTZ,
  last_run_duration_ms BIGINT,
  last_stop_reason TEXT
);
CREATE INDEX agents_created_at ON agents (created_at, id);
CREATE INDEX agents_name ON agents (name);
CREATE INDEX agents_tags ON agents USING gin (tags);

-- The tool registry: base tools are upserted at startup by name, keeping their ids.
CREATE TABLE tools (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  tool_type TEXT NOT NULL,
  description TEXT,
  source_type TEXT,
  json_schema JSONB NOT NULL,
  tags TEXT[] NOT NULL DEFAULT '{}',
  return_char_limit INT NOT NULL DEFAULT 50000,
  enable_parallel_execution BOOLEAN NOT NULL DEFAULT false,
  created_at TIMESTAMPTZ NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX tools_created_at ON tools (created_at, id);

-- Tools attached to an agent, in the order the model sees them.
CREATE TABLE agent_tools (
  agent_id TEXT NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
  tool_id TEXT NOT NULL REFERENCES tools (id) ON DELETE CASCADE,
  position INT NOT NULL,
  PRIMARY KEY (agent_id, tool_id)
);

-- Read model of runs, fed by step-runner's run events. result_messages and usage keep what a
-- finished run produced so a waiting or retried sync request can answer from here.
CREATE TABLE runs (
  id TEXT PRIMARY KEY,
  agent_id TEXT NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
  status TEXT NOT NULL,
  background BOOLEAN NOT NULL DEFAULT false,
  stop_reason TEXT,
  metadata JSONB NOT NULL DEFAULT '{}',
  request_config JSONB,
  usage JSONB,
  result_messages JSONB,
  created_at TIMESTAMPTZ NOT NULL,
  started_at TIMESTAMPTZ,
  completed_at TIMESTAMPTZ
);
CREATE INDEX runs_agent ON runs (agent_id, created_at);

-- Idempotent sends: a message otid seen again attaches to the run it first created.
CREATE TABLE run_otids (
  otid TEXT PRIMARY KEY,
  run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE
);
CREATE INDEX run_otids_run ON run_otids (run_id);
