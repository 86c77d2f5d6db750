-- The agent registry, managed by operators (SQL or `synod agents`), streamed to agent.registry by
-- Debezium (embedded, pgoutput). Kept apart from `agents`, which the mirror writes, so that CDC
-- never sees the mirror's own writes.
CREATE TABLE agent_registry (
    tenant      TEXT        NOT NULL,
    agent_id    TEXT        NOT NULL,
    kind        TEXT        NOT NULL DEFAULT 'llm' CHECK (kind IN ('llm', 'human', 'oracle', 'system')),
    active      BOOLEAN     NOT NULL DEFAULT TRUE,
    trusted     BOOLEAN     NOT NULL DEFAULT FALSE,
    public_key  TEXT,
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant, agent_id)
);

GRANT SELECT, INSERT, UPDATE ON agent_registry TO synod_app;
GRANT SELECT ON agent_registry TO synod_admin;
ALTER TABLE agent_registry ENABLE ROW LEVEL SECURITY;
ALTER TABLE agent_registry FORCE ROW LEVEL SECURITY;
CREATE POLICY agent_registry_tenant_isolation ON agent_registry
    USING (tenant = current_setting('app.current_tenant', true))
    WITH CHECK (tenant = current_setting('app.current_tenant', true));
