package io.synod.app.replay;

import io.synod.config.SynodConfig;

/** The end-of-input verdict on an agent: Byzantine when quarantined or its integrity fell below the configured floor. */
public final class Verdicts {
    private Verdicts() {
    }

    public static ReplayWriter.AgentVerdict from(SynodConfig config) {
        double floor = config.getDouble("reputation.integrity.floor");
        return reputation -> reputation.getFlagged() || reputation.getIntegrity() < floor;
    }
}
