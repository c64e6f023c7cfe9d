-- A lease row now outlives its holder (released = expired), and its epoch changes whenever another
-- instance takes the agent over, so an instance knows whether its in-memory context is still current.
ALTER TABLE agent_leases ADD COLUMN epoch BIGINT NOT NULL DEFAULT 0;
