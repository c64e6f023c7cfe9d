-- Per-agent FIFO of accepted messages. One row per run; a worker drains an agent's rows in seq order.
CREATE TABLE agent_queue (
  seq BIGSERIAL PRIMARY KEY,
  agent_id TEXT NOT NULL,
  run_id TEXT NOT NULL UNIQUE,
  event TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'queued',
  enqueued_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  started_at TIMESTAMPTZ,
  finished_at TIMESTAMPTZ
);
CREATE INDEX agent_queue_pending ON agent_queue (agent_id, seq) WHERE status <> 'done';

-- Which step-runner instance drives an agent; expires so another instance can take over after a crash.
CREATE TABLE agent_leases (
  agent_id TEXT PRIMARY KEY,
  owner TEXT NOT NULL,
  lease_until TIMESTAMPTZ NOT NULL
);

-- Every message of every agent (recall memory); in_context marks the current context window.
CREATE TABLE messages (
  seq BIGSERIAL PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  agent_id TEXT NOT NULL,
  run_id TEXT,
  step_id TEXT,
  role TEXT NOT NULL,
  content TEXT,
  reasoning TEXT,
  tool_calls JSONB,
  tool_call_id TEXT,
  tool_name TEXT,
  tool_status TEXT,
  name TEXT,
  otid TEXT,
  in_context BOOLEAN NOT NULL DEFAULT TRUE,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX messages_agent_seq ON messages (agent_id, seq);
CREATE INDEX messages_in_context ON messages (agent_id, seq) WHERE in_context;
CREATE INDEX messages_run ON messages (run_id, seq);

-- The step journal: the model's answer is recorded before any tool runs, so a crash never calls
-- the model twice for one step; status becomes 'committed' with the step's messages.
CREATE TABLE steps (
  id TEXT PRIMARY KEY,
  run_id TEXT NOT NULL,
  agent_id TEXT NOT NULL,
  step_index INT NOT NULL,
  status TEXT NOT NULL,
  model_handle TEXT,
  llm_response JSONB NOT NULL,
  continue_loop BOOLEAN,
  stop_reason TEXT,
  prompt_tokens INT NOT NULL DEFAULT 0,
  completion_tokens INT NOT NULL DEFAULT 0,
  llm_request_ns BIGINT NOT NULL DEFAULT 0,
  tool_execution_ns BIGINT NOT NULL DEFAULT 0,
  step_ns BIGINT NOT NULL DEFAULT 0,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  committed_at TIMESTAMPTZ,
  UNIQUE (run_id, step_index)
);

-- Results of tool calls executed by tool-executor, as they arrive over Kafka.
CREATE TABLE tool_results (
  idempotency_key TEXT PRIMARY KEY,
  status TEXT NOT NULL,
  tool_return TEXT,
  stdout TEXT,
  stderr TEXT,
  received_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
