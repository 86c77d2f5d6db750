package io.synod.detector;

import io.synod.events.QuarantineReasons;
import io.synod.schemas.Reputation;

/**
 * Method 3, reputation threshold: the integrity side of the agent's reputation (never its accuracy:
 * being wrong is not being Byzantine). An agent whose integrity fell below the floor, or that
 * reputation-stream quarantined on evidence of manipulation, is treated as Byzantine on every vote.
 */
final class ReputationThreshold implements DetectionMethod {
    static final String INTEGRITY_BELOW_FLOOR = "integrity_below_floor";

    private final double floor;

    ReputationThreshold(DetectorSettings settings) {
        this.floor = settings.integrityFloor();
    }

    @Override
    public String name() {
        return "reputation";
    }

    @Override
    public MethodScore score(VoteContext context) {
        Reputation reputation = context.reputation();
        if (reputation == null) {
            return MethodScore.NONE;
        }
        if (reputation.getFlagged()) {
            return new MethodScore(1.0, java.util.List.of(QuarantineReasons.onBallot(reputation.getFlagReason())));
        }
        if (reputation.getIntegrity() < floor) {
            return new MethodScore(1.0, java.util.List.of(INTEGRITY_BELOW_FLOOR));
        }
        return MethodScore.NONE;
    }
}
