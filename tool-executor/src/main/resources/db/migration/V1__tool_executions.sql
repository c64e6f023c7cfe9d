-- One row per idempotency key (step id + tool call id): claimed as 'running' before the tool
-- runs, completed with the result in the transaction that writes the result event to the outbox.
CREATE TABLE tool_executions (
  idempotency_key TEXT PRIMARY KEY,
  tool_call_id TEXT NOT NULL,
  agent_id TEXT NOT NULL,
  run_id TEXT,
  step_id TEXT,
  tool_name TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('running', 'success', 'error')),
  tool_return TEXT,
  stdout TEXT,
  stderr TEXT,
  result_event_id TEXT,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  completed_at TIMESTAMPTZ
);
