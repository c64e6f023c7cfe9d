-- MCP servers agents may use. Secrets (auth token, custom header values, stdio env values) live only in
-- `secrets`, AES-GCM encrypted by McpSecretCipher; the API shows them masked.
CREATE TABLE mcp_servers (
  id TEXT PRIMARY KEY,
  server_name TEXT NOT NULL UNIQUE,
  server_type TEXT NOT NULL CHECK (server_type IN ('stdio', 'sse', 'streamable_http')),
  server_url TEXT,
  command TEXT,
  args JSONB,
  auth_header TEXT,
  secrets TEXT,
  created_at TIMESTAMPTZ NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX mcp_servers_created_at ON mcp_servers (created_at, id);
