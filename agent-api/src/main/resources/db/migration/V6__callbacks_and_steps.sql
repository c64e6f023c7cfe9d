-- Webhooks of async runs (POST /v1/agents/{id}/messages/async with callback_url). callback_state: NULL (no
-- callback), 'pending' (to deliver once the run has ended), 'delivered' (a 2xx answer), 'failed' (gave up after the
-- bounded retries). A replica claims a due delivery by setting callback_claimed_until in one UPDATE ... SKIP LOCKED,
-- so two replicas never POST the same attempt; callback_next_at spaces the retries.
ALTER TABLE runs ADD COLUMN callback_url TEXT;
ALTER TABLE runs ADD COLUMN callback_state TEXT;
ALTER TABLE runs ADD COLUMN callback_attempts INT NOT NULL DEFAULT 0;
ALTER TABLE runs ADD COLUMN callback_next_at TIMESTAMPTZ;
ALTER TABLE runs ADD COLUMN callback_claimed_until TIMESTAMPTZ;
ALTER TABLE runs ADD COLUMN callback_sent_at TIMESTAMPTZ;
ALTER TABLE runs ADD COLUMN callback_status_code INT;
ALTER TABLE runs ADD COLUMN callback_error TEXT;
CREATE INDEX runs_callback_pending ON runs (callback_next_at) WHERE callback_state = 'pending';
-- Letta's Run.conversation_id (filter of GET /v1/runs/); conversations may add it too, hence IF NOT EXISTS.
ALTER TABLE runs ADD COLUMN IF NOT EXISTS conversation_id TEXT;
CREATE INDEX runs_created ON runs (created_at, id);

-- Read model of the steps of runs, fed by step-runner's StepCompleted events (GET /v1/steps/, /v1/runs/{id}/steps).
CREATE TABLE steps (
  id TEXT PRIMARY KEY,
  run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  agent_id TEXT NOT NULL,
  step_index INT NOT NULL,
  model_handle TEXT,
  prompt_tokens INT NOT NULL DEFAULT 0,
  completion_tokens INT NOT NULL DEFAULT 0,
  total_tokens INT NOT NULL DEFAULT 0,
  step_ns BIGINT NOT NULL,
  llm_request_ns BIGINT NOT NULL,
  tool_execution_ns BIGINT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX steps_run ON steps (run_id, step_index);
CREATE INDEX steps_created ON steps (created_at, id);
CREATE INDEX steps_agent ON steps (agent_id, created_at);
