-- Conversation-private copies of an agent's blocks (Letta's isolated_block_labels): within the conversation the
-- copy stands in for the agent's block with the same label. A copy is an ordinary row of blocks that no agent has
-- in agent_blocks; deleting the block (through the API, the conversation or the agent) drops its row here.
CREATE TABLE conversation_blocks (
  agent_id TEXT NOT NULL,
  conversation_id TEXT NOT NULL,
  label TEXT NOT NULL,
  block_id TEXT NOT NULL UNIQUE REFERENCES blocks (id) ON DELETE CASCADE,
  seq BIGSERIAL NOT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (agent_id, conversation_id, label)
);
