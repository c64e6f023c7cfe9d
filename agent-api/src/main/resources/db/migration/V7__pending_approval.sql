-- A copy of the approval request the agent waits on (Letta's AgentState.pending_approval), kept from run
-- outcomes; step-runner's pending_approvals table is the truth, this answers 409s and agent reads at once.
ALTER TABLE agents ADD COLUMN pending_approval JSONB;
