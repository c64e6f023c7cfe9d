-- Archives (Letta's `archives`): named collections of passages, each embedded with one model.
-- embedding_model/embedding_dim are copied out of the config so a mismatch is a plain comparison.
CREATE TABLE archives (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  description TEXT,
  metadata JSONB NOT NULL DEFAULT '{}'::jsonb,
  embedding_config JSONB NOT NULL,
  embedding_model TEXT NOT NULL,
  embedding_dim INTEGER NOT NULL,
  vector_db_provider TEXT NOT NULL DEFAULT 'native',
  created_by_id TEXT,
  last_updated_by_id TEXT,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX archives_by_time ON archives (created_at, id);

-- Which archives an agent searches; one archive may be shared by many agents. The earliest
-- attachment is the agent's default archive (where archival_memory_insert writes).
CREATE TABLE agent_archives (
  agent_id TEXT NOT NULL,
  archive_id TEXT NOT NULL REFERENCES archives (id) ON DELETE CASCADE,
  attached_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (agent_id, archive_id)
);
CREATE INDEX agent_archives_by_archive ON agent_archives (archive_id);

-- Passages: the embedding (little-endian float32 BYTEA) is the source of truth of the in-memory
-- vector index; search_vector serves the keyword half of hybrid search.
CREATE TABLE passages (
  id TEXT PRIMARY KEY,
  archive_id TEXT NOT NULL REFERENCES archives (id) ON DELETE CASCADE,
  text TEXT NOT NULL,
  embedding BYTEA NOT NULL,
  tags TEXT[] NOT NULL DEFAULT '{}',
  metadata JSONB NOT NULL DEFAULT '{}'::jsonb,
  created_by_id TEXT,
  last_updated_by_id TEXT,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  search_vector TSVECTOR GENERATED ALWAYS AS (to_tsvector('english', text)) STORED
);
CREATE INDEX passages_by_archive_time ON passages (archive_id, created_at, id);
CREATE INDEX passages_search ON passages USING GIN (search_vector);

-- Change log that lets every memory-service replica bring its in-memory indexes up to date:
-- written in the transaction of each passage insert/delete (op I/D) or archive delete (X), read by
-- sequence; origin names the replica that wrote it, which applied the change already (docs/adr/0005).
CREATE TABLE archive_changes (
  seq BIGSERIAL PRIMARY KEY,
  archive_id TEXT NOT NULL,
  passage_id TEXT NOT NULL,
  op CHAR(1) NOT NULL,
  origin TEXT NOT NULL,
  changed_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
