-- Environment variables of an agent's tool calls (Letta's agent `secrets`, formerly tool_exec_environment_variables).
-- Read only by tool-executor at execution time (GET /internal/agents/{id}/secrets); API responses mask the values.
CREATE TABLE agent_secrets (
  id TEXT PRIMARY KEY,
  agent_id TEXT NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL,
  UNIQUE (agent_id, key)
);
