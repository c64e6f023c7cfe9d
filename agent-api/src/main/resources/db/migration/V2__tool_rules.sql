-- Letta's tool rules of an agent, as their JSON wire form (a list of objects discriminated by "type").
ALTER TABLE agents ADD COLUMN tool_rules JSONB NOT NULL DEFAULT '[]';
