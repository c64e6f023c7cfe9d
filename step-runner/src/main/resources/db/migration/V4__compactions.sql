-- Where a message sits in the context window after the system prompt: 1 summary of evicted messages,
-- 2 conversation. The window is ordered by (system first, rank, seq), so a summary written after the
-- messages it replaces still comes right after the system prompt.
ALTER TABLE messages ADD COLUMN context_rank SMALLINT NOT NULL DEFAULT 2;

-- One row per compaction of an agent's context window. It is written with the ContextWindowOverflowed it
-- publishes and moves requested -> summarized | failed | timed_out -> installed, so a worker that crashed
-- while waiting resumes the same request (same event id, same evicted messages) instead of sending another.
CREATE TABLE compactions (
  id TEXT PRIMARY KEY,
  agent_id TEXT NOT NULL,
  run_id TEXT,
  trigger TEXT NOT NULL,
  mode TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('requested', 'summarized', 'failed', 'timed_out', 'installed')),
  evicted_ids JSONB NOT NULL,
  previous_summary_id TEXT,
  messages_before INT NOT NULL,
  summary TEXT,
  error TEXT,
  summary_message_id TEXT,
  messages_after INT,
  requested_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  answered_at TIMESTAMPTZ
);
CREATE INDEX compactions_open ON compactions (agent_id) WHERE status IN ('requested', 'summarized');
CREATE INDEX compactions_run ON compactions (run_id);
