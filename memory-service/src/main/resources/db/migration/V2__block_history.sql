-- Every change of a block is a numbered version; blocks.version is the current one.
ALTER TABLE blocks ADD COLUMN version INTEGER NOT NULL DEFAULT 1;

-- One row per version of a block: a full snapshot plus who made the change. There is no foreign key
-- to blocks, so the history of a deleted block stays readable (its last row is the deletion).
CREATE TABLE block_history (
  block_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  operation TEXT NOT NULL,
  label TEXT NOT NULL,
  value TEXT NOT NULL,
  char_limit INTEGER NOT NULL,
  description TEXT,
  read_only BOOLEAN NOT NULL,
  metadata JSONB NOT NULL,
  tags TEXT[] NOT NULL,
  actor_type TEXT NOT NULL,
  actor_id TEXT,
  agent_id TEXT,
  run_id TEXT,
  tool_call_id TEXT,
  tool_name TEXT,
  restored_from INTEGER,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (block_id, version)
);

-- Blocks created before history existed start with their current state as version 1.
INSERT INTO block_history (block_id, version, operation, label, value, char_limit, description, read_only, metadata,
    tags, actor_type, actor_id, created_at)
  SELECT id, 1, 'create', label, value, char_limit, description, read_only, metadata, tags, 'api', created_by_id,
    created_at
  FROM blocks;

CREATE INDEX blocks_by_created ON blocks (created_at, id);
