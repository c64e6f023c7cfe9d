-- The copy of the approval request each conversation of an agent waits on (step-runner's pending_approvals is the
-- truth): an approval request blocks only its own conversation. 'default' is the agent's default conversation.
CREATE TABLE pending_approvals (
  agent_id TEXT NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
  conversation_id TEXT NOT NULL,
  request JSONB NOT NULL,
  PRIMARY KEY (agent_id, conversation_id)
);
INSERT INTO pending_approvals (agent_id, conversation_id, request)
  SELECT id, 'default', pending_approval FROM agents WHERE pending_approval IS NOT NULL;
ALTER TABLE agents DROP COLUMN pending_approval;
