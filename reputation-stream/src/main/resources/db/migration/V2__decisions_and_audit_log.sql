-- Decisions and an append-only, hash-chained audit log, mirrored from consensus.decisions.
CREATE TABLE decisions (
    event_id        TEXT             PRIMARY KEY,
    tenant          TEXT             NOT NULL,
    proposal_id     TEXT             NOT NULL,
    status          TEXT             NOT NULL,
    decision        TEXT,
    support         DOUBLE PRECISION NOT NULL,
    round           INTEGER          NOT NULL,
    mode            TEXT             NOT NULL,
    participants    INTEGER          NOT NULL,
    distribution    JSONB            NOT NULL,
    flagged         TEXT[]           NOT NULL,
    reason          TEXT,
    decided_at_ms   BIGINT           NOT NULL,
    created_at      TIMESTAMPTZ      NOT NULL DEFAULT now()
);
CREATE INDEX decisions_tenant_proposal ON decisions (tenant, proposal_id);

-- Each row stores SHA-256 over the previous row's hash (of the same tenant) and the canonical
-- event, so any change to a past row breaks every link after it: `synod audit verify` finds it.
CREATE TABLE audit_log (
    id              BIGSERIAL        PRIMARY KEY,
    tenant          TEXT             NOT NULL,
    event_id        TEXT             NOT NULL UNIQUE,
    event_type      TEXT             NOT NULL,
    payload         TEXT             NOT NULL,
    prev_hash       TEXT             NOT NULL,
    hash            TEXT             NOT NULL,
    created_at      TIMESTAMPTZ      NOT NULL DEFAULT now()
);
CREATE INDEX audit_log_tenant_id ON audit_log (tenant, id);

CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP;
END;
$$;

CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only();
