-- Tenants and their quotas, managed by operators (SQL or `synod tenants set`) and streamed to
-- tenant.quotas by the same Debezium engine as the agent registry. A null limit falls back to the
-- deployment's default (tenant.max.open.proposals); 0 is unlimited.
CREATE TABLE tenants (
    tenant              TEXT        PRIMARY KEY,
    display_name        TEXT,
    max_agents          INTEGER     CHECK (max_agents >= 0),
    max_open_proposals  INTEGER     CHECK (max_open_proposals >= 0),
    created_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at          TIMESTAMPTZ NOT NULL DEFAULT now()
);

GRANT SELECT ON tenants TO synod_app;
GRANT SELECT ON tenants TO synod_admin;
ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenants FORCE ROW LEVEL SECURITY;
CREATE POLICY tenants_tenant_isolation ON tenants
    USING (tenant = current_setting('app.current_tenant', true))
    WITH CHECK (tenant = current_setting('app.current_tenant', true));

-- The quota of active agents, enforced where membership is managed. Registrations of one tenant
-- are serialised by an advisory lock so two concurrent inserts cannot both take the last place.
CREATE FUNCTION agent_registry_enforce_quota() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    quota  INTEGER;
    active_count BIGINT;
BEGIN
    IF NOT NEW.active OR (TG_OP = 'UPDATE' AND OLD.active) THEN
        RETURN NEW;
    END IF;
    PERFORM pg_advisory_xact_lock(hashtext('synod-agent-quota:' || NEW.tenant));
    SELECT max_agents INTO quota FROM tenants WHERE tenant = NEW.tenant;
    IF quota IS NULL OR quota = 0 THEN
        RETURN NEW;
    END IF;
    SELECT count(*) INTO active_count FROM agent_registry
        WHERE tenant = NEW.tenant AND active AND agent_id <> NEW.agent_id;
    IF active_count >= quota THEN
        RAISE EXCEPTION 'quota_exceeded: tenant % already has % active agents, its quota of agents is %',
            NEW.tenant, active_count, quota
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER agent_registry_quota BEFORE INSERT OR UPDATE OF active ON agent_registry
    FOR EACH ROW EXECUTE FUNCTION agent_registry_enforce_quota();

-- Proposals as the coordinator opened them (mirrored from consensus.rounds), with their state
-- (open, escalated, or the final status from consensus.decisions). Proposals refused before they
-- opened are on consensus.rejected, not here; one that failed before its first round (too few
-- eligible agents) has only its row in decisions.
CREATE TABLE proposals (
    tenant          TEXT        NOT NULL,
    proposal_id     TEXT        NOT NULL,
    text            TEXT        NOT NULL,
    text_sha256     TEXT        NOT NULL,
    options         JSONB       NOT NULL,
    policy          JSONB       NOT NULL,
    eligible        INTEGER     NOT NULL,
    current_round   INTEGER     NOT NULL,
    status          TEXT        NOT NULL,
    decision        TEXT,
    opened_at_ms    BIGINT      NOT NULL,
    decided_at_ms   BIGINT,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant, proposal_id)
);
CREATE INDEX proposals_tenant_status ON proposals (tenant, status);

GRANT SELECT, INSERT, UPDATE ON proposals TO synod_app;
GRANT SELECT ON proposals TO synod_admin;
ALTER TABLE proposals ENABLE ROW LEVEL SECURITY;
ALTER TABLE proposals FORCE ROW LEVEL SECURITY;
CREATE POLICY proposals_tenant_isolation ON proposals
    USING (tenant = current_setting('app.current_tenant', true))
    WITH CHECK (tenant = current_setting('app.current_tenant', true));

-- Quarantine as operators review it: an agent whose votes are excluded waits here for a decision
-- (`synod reputation review`, then `synod reputation reset` to lift it).
ALTER TABLE agents ADD COLUMN quarantined BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE agents ADD COLUMN flag_reason TEXT;
ALTER TABLE reputation_history ADD COLUMN flag_reason TEXT;
