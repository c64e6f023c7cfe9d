-- Letta's compaction_settings of an agent as the client gave them (JSON); NULL: the defaults.
ALTER TABLE agents ADD COLUMN compaction_settings JSONB;
