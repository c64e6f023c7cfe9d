-- Custom tools written by users: their source (run by tool-executor's sandbox) and the rest of Letta's Tool fields.
ALTER TABLE tools ADD COLUMN source_code TEXT;
ALTER TABLE tools ADD COLUMN args_json_schema JSONB;
ALTER TABLE tools ADD COLUMN pip_requirements JSONB;
ALTER TABLE tools ADD COLUMN npm_requirements JSONB;
ALTER TABLE tools ADD COLUMN default_requires_approval BOOLEAN;
ALTER TABLE tools ADD COLUMN metadata JSONB;
