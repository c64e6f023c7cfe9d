-- One row per answered ContextWindowOverflowed, written in the transaction that publishes the answer.
CREATE TABLE summary_jobs (
  request_event_id TEXT PRIMARY KEY,
  agent_id TEXT NOT NULL,
  run_id TEXT,
  status TEXT NOT NULL CHECK (status IN ('summarized', 'failed')),
  summary TEXT,
  error TEXT,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
