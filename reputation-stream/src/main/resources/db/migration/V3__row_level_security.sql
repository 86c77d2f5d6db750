-- Tenant isolation. The application connects as a member of synod_app (not the owner) and sets
-- app.current_tenant for each tenant's statements; every tenant table only shows and accepts that
-- tenant's rows, also to the owner (FORCE). synod_admin crosses tenants on purpose (BYPASSRLS).
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'synod_app') THEN
        CREATE ROLE synod_app NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'synod_admin') THEN
        CREATE ROLE synod_admin NOLOGIN BYPASSRLS;
    END IF;
END
$$;

GRANT SELECT, INSERT, UPDATE ON agents, decisions TO synod_app;
GRANT SELECT, INSERT ON audit_log TO synod_app;
GRANT USAGE ON SEQUENCE audit_log_id_seq TO synod_app;
GRANT SELECT ON agents, decisions, audit_log TO synod_admin;

ALTER TABLE agents ENABLE ROW LEVEL SECURITY;
ALTER TABLE agents FORCE ROW LEVEL SECURITY;
CREATE POLICY agents_tenant_isolation ON agents
    USING (tenant = current_setting('app.current_tenant', true))
    WITH CHECK (tenant = current_setting('app.current_tenant', true));

ALTER TABLE decisions ENABLE ROW LEVEL SECURITY;
ALTER TABLE decisions FORCE ROW LEVEL SECURITY;
CREATE POLICY decisions_tenant_isolation ON decisions
    USING (tenant = current_setting('app.current_tenant', true))
    WITH CHECK (tenant = current_setting('app.current_tenant', true));

ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_log FORCE ROW LEVEL SECURITY;
CREATE POLICY audit_log_tenant_isolation ON audit_log
    USING (tenant = current_setting('app.current_tenant', true))
    WITH CHECK (tenant = current_setting('app.current_tenant', true));
