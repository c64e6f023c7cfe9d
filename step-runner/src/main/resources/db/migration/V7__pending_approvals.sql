-- The tool calls an agent waits on: at most one approval request per agent, written with the step that stopped
-- for it and deleted with the commit that answers it (the call and its returns then enter the context together).
CREATE TABLE pending_approvals (
  agent_id TEXT PRIMARY KEY,
  run_id TEXT NOT NULL,
  step_id TEXT NOT NULL,
  message_id TEXT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
