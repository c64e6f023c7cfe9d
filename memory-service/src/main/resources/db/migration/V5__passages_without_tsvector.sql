-- Archival keyword search runs on the in-memory BM25 index (ADR 0005); the generated full-text column and
-- its GIN index were only ever read by the PostgreSQL search it replaced, and cost every insert.
DROP INDEX IF EXISTS passages_search;
ALTER TABLE passages DROP COLUMN IF EXISTS search_vector;
