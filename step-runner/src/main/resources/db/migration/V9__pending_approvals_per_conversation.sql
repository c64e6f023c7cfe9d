-- An approval request blocks only the conversation that made it: one pending request per agent and conversation.
ALTER TABLE pending_approvals DROP CONSTRAINT pending_approvals_pkey;
ALTER TABLE pending_approvals ADD PRIMARY KEY (agent_id, conversation_id);
