-- Recall search as Letta does it: full text plus embeddings, fused by reciprocal rank.
-- thinking: an assistant's reasoning; tool_names: tools an assistant message called (or, for a tool
-- message, the tool whose return it holds).
ALTER TABLE recall_messages
  ADD COLUMN thinking TEXT,
  ADD COLUMN tool_names TEXT[] NOT NULL DEFAULT '{}',
  -- all-MiniLM-L6-v2, 384 little-endian float32; NULL until the background worker has embedded the row.
  ADD COLUMN embedding BYTEA;

-- A vector (1.5 kB, incompressible) inline would leave four rows per heap page, and every full-text or
-- newest-first search would read four times the pages: keep it in the TOAST table instead (it is read
-- only when an agent's vectors are loaded into memory or candidates are re-scored).
ALTER TABLE recall_messages ALTER COLUMN embedding SET STORAGE EXTERNAL;
ALTER TABLE recall_messages SET (toast_tuple_target = 1024);

-- What conversation_search and /v1/messages/search may return: Letta leaves out tool messages (their
-- returns would nest earlier results into new ones), assistant messages that called conversation_search
-- (they hold the query), system messages and messages without text.
ALTER TABLE recall_messages ADD COLUMN searchable BOOLEAN GENERATED ALWAYS AS (
  role IN ('user', 'assistant')
  AND NOT ('conversation_search' = ANY (tool_names))
  AND (text <> '' OR COALESCE(thinking, '') <> '')) STORED;

-- The full-text document covers the reasoning too (Letta indexes an assistant's whole text content).
ALTER TABLE recall_messages DROP COLUMN search_vector;
ALTER TABLE recall_messages ADD COLUMN search_vector TSVECTOR GENERATED ALWAYS AS (
  to_tsvector('english', COALESCE(thinking, '') || ' ' || text)) STORED;
CREATE INDEX recall_messages_search ON recall_messages USING GIN (search_vector);

-- The embedding worker's queue: searchable rows still without a vector, oldest first.
CREATE INDEX recall_messages_unembedded ON recall_messages (created_at)
  WHERE embedding IS NULL AND searchable;
