-- Conversations: an agent's messages belong to its default conversation ('default') or to one of its conv-…
-- conversations. Each conversation has its own context window (system message, optional summary, messages);
-- history and recall stay the agent's across all of them.
ALTER TABLE messages ADD COLUMN conversation_id TEXT NOT NULL DEFAULT 'default';
DROP INDEX messages_in_context;
CREATE INDEX messages_in_context ON messages (agent_id, conversation_id, seq) WHERE in_context;
CREATE INDEX messages_conversation_seq ON messages (agent_id, conversation_id, seq);

-- A compaction shrinks the window of one conversation.
ALTER TABLE compactions ADD COLUMN conversation_id TEXT NOT NULL DEFAULT 'default';
DROP INDEX compactions_open;
CREATE INDEX compactions_open ON compactions (agent_id, conversation_id) WHERE status IN ('requested', 'summarized');

-- An approval request waits in the conversation whose run stopped for it; only a run of that conversation answers it.
ALTER TABLE pending_approvals ADD COLUMN conversation_id TEXT NOT NULL DEFAULT 'default';
