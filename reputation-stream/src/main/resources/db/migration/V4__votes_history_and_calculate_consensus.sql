-- The counted ballots of every decided round, and every reputation change with its cause.
CREATE TABLE votes (
    tenant                TEXT             NOT NULL,
    proposal_id           TEXT             NOT NULL,
    round                 INTEGER          NOT NULL,
    agent_id              TEXT             NOT NULL,
    choice                TEXT             NOT NULL,
    confidence            DOUBLE PRECISION NOT NULL,
    weight                DOUBLE PRECISION NOT NULL,
    suspicion             DOUBLE PRECISION NOT NULL,
    justification         TEXT,
    justification_sha256  TEXT             NOT NULL,
    decision_event_id     TEXT             NOT NULL,
    PRIMARY KEY (tenant, proposal_id, round, agent_id)
);

CREATE TABLE reputation_history (
    tenant          TEXT             NOT NULL,
    agent_id        TEXT             NOT NULL,
    source_offset   BIGINT           NOT NULL,
    source_partition INTEGER         NOT NULL,
    reputation      DOUBLE PRECISION NOT NULL,
    accuracy        DOUBLE PRECISION NOT NULL,
    integrity       DOUBLE PRECISION NOT NULL,
    flagged         BOOLEAN          NOT NULL,
    cause           TEXT             NOT NULL,
    cause_ref       TEXT,
    changed_at_ms   BIGINT           NOT NULL,
    PRIMARY KEY (source_partition, source_offset)
);
CREATE INDEX reputation_history_agent ON reputation_history (tenant, agent_id, changed_at_ms);

GRANT SELECT, INSERT, UPDATE ON votes TO synod_app;
GRANT SELECT, INSERT ON reputation_history TO synod_app;
GRANT SELECT ON votes, reputation_history TO synod_admin;
ALTER TABLE votes ENABLE ROW LEVEL SECURITY;
ALTER TABLE votes FORCE ROW LEVEL SECURITY;
CREATE POLICY votes_tenant_isolation ON votes
    USING (tenant = current_setting('app.current_tenant', true))
    WITH CHECK (tenant = current_setting('app.current_tenant', true));
ALTER TABLE reputation_history ENABLE ROW LEVEL SECURITY;
ALTER TABLE reputation_history FORCE ROW LEVEL SECURITY;
CREATE POLICY reputation_history_tenant_isolation ON reputation_history
    USING (tenant = current_setting('app.current_tenant', true))
    WITH CHECK (tenant = current_setting('app.current_tenant', true));

-- Recomputes a round's tally from the mirrored ballots: each option's share of the counted
-- weight (abstentions and excluded votes carry none), the leader and its support. For weighted
-- shares (policy=seed) this is the stream's decision exactly; under online Dawid-Skene the weights
-- are log-odds, and the leader agrees with the stream's on two-option proposals.
CREATE FUNCTION calculate_consensus(p_tenant TEXT, p_proposal TEXT, p_round INTEGER)
RETURNS JSONB LANGUAGE sql STABLE AS $$
    WITH per_option AS (
        SELECT choice, sum(weight) AS weight
        FROM votes
        WHERE tenant = p_tenant AND proposal_id = p_proposal AND round = p_round
          AND choice <> 'abstain' AND suspicion < 1.0
        GROUP BY choice
    ), total AS (
        SELECT sum(weight) AS weight FROM per_option
    ), ranked AS (
        SELECT choice, weight, rank() OVER (ORDER BY weight DESC) AS r FROM per_option
    )
    SELECT jsonb_build_object(
        'distribution', coalesce((SELECT jsonb_object_agg(choice, CASE WHEN t.weight > 0 THEN p.weight / t.weight ELSE 0 END)
                                  FROM per_option p, total t), '{}'::jsonb),
        'decision', (SELECT CASE WHEN count(*) = 1 THEN min(choice) END FROM ranked WHERE r = 1),
        'support', (SELECT CASE WHEN max(t.weight) > 0 THEN max(p.weight) / max(t.weight) ELSE 0 END FROM per_option p, total t),
        'voters', (SELECT count(*) FROM votes WHERE tenant = p_tenant AND proposal_id = p_proposal AND round = p_round AND suspicion < 1.0))
$$;
