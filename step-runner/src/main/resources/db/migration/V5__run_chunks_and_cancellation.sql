-- The last MessageChunk seq_id a run used: bumped in the transaction that publishes chunks (outbox), so a
-- restarted or adopting instance continues the numbering and never reuses a seq_id.
ALTER TABLE agent_queue ADD COLUMN chunk_seq BIGINT NOT NULL DEFAULT 0;
-- Set when a client asked to cancel the run; the instance running it sees it (locally at once, from any
-- other instance by polling) and stops at the next safe point.
ALTER TABLE agent_queue ADD COLUMN cancel_requested_at TIMESTAMPTZ;
CREATE INDEX agent_queue_cancel_requested ON agent_queue (run_id) WHERE cancel_requested_at IS NOT NULL
  AND status <> 'done';

-- Message parts (by otid) of a run already streamed as token deltas: the step commit then publishes them
-- no more as whole chunks, so a client concatenating deltas by otid gets each text exactly once.
CREATE TABLE streamed_parts (
  run_id TEXT NOT NULL,
  otid TEXT NOT NULL,
  PRIMARY KEY (run_id, otid)
);
