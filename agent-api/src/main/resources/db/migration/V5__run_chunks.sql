-- The durable stream log of every streamed run (ADR 0008): one row per MessageChunk step-runner emitted, in its
-- seq_id order, then one 'end' row written when the run's terminal event is applied. Rows are written by the
-- read-model consumer in partition order, so an 'end' row implies every chunk before it is stored. Kept for
-- engram.agent-api.stream-retention, then purged. No foreign key to runs: a chunk may be applied before its
-- run row is visible to another transaction, and purging is by age anyway.
CREATE TABLE run_chunks (
  run_id TEXT NOT NULL,
  seq_id BIGINT NOT NULL,
  kind TEXT NOT NULL,                       -- 'message' or 'end'
  delta BOOLEAN NOT NULL DEFAULT false,     -- a token delta of a message still being generated
  message_type TEXT,                        -- the LettaMessage's message_type (for include_return_message_types)
  message_key TEXT,                         -- message_type:id:otid, what deltas and their whole message share
  after_deltas BOOLEAN NOT NULL DEFAULT false, -- a whole message whose deltas were already streamed
  payload TEXT NOT NULL,                    -- the LettaMessage JSON, or for 'end' {stop_reason, usage, error}
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (run_id, seq_id)
);
CREATE INDEX run_chunks_created ON run_chunks (created_at);
