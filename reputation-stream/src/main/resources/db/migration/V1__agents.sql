-- Agents and their reputation, mirrored from agent.registry and agent.reputation.
-- Each row carries the Kafka offset it was written from, so redelivered or out-of-order
-- events never overwrite newer state (the mirror is idempotent; EOS stops at Kafka's edge).
CREATE TABLE agents (
    tenant              TEXT             NOT NULL,
    agent_id            TEXT             NOT NULL,
    kind                TEXT             NOT NULL DEFAULT 'llm'
                                         CHECK (kind IN ('llm', 'human', 'oracle', 'system')),
    active              BOOLEAN          NOT NULL DEFAULT TRUE,
    trusted             BOOLEAN          NOT NULL DEFAULT FALSE,
    reputation          DOUBLE PRECISION NOT NULL DEFAULT 1.0 CHECK (reputation BETWEEN 0 AND 1),
    accuracy            DOUBLE PRECISION NOT NULL DEFAULT 0.5 CHECK (accuracy BETWEEN 0 AND 1),
    integrity           DOUBLE PRECISION NOT NULL DEFAULT 1.0 CHECK (integrity BETWEEN 0 AND 1),
    total_votes         BIGINT           NOT NULL DEFAULT 0,
    agreements          BIGINT           NOT NULL DEFAULT 0,
    byzantine_flags     BIGINT           NOT NULL DEFAULT 0,
    reputation_cause    TEXT,
    reputation_offset   BIGINT           NOT NULL DEFAULT -1,
    registry_offset     BIGINT           NOT NULL DEFAULT -1,
    created_at          TIMESTAMPTZ      NOT NULL DEFAULT now(),
    updated_at          TIMESTAMPTZ      NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant, agent_id)
);

CREATE INDEX agents_tenant_reputation ON agents (tenant, reputation);
