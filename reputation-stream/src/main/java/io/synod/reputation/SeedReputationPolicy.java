package io.synod.reputation;

import io.synod.config.SynodConfig;
import io.synod.schemas.Reputation;
import io.synod.schemas.internal.ReputationSignal;

/**
 * The seed document's rule: start at 1.0, +0.05 for voting with the final decision, -0.02 for
 * voting against it, -0.15 per Byzantine flag, always within [0,1]. Accuracy is the running share
 * of agreements; integrity falls with flags only, so being wrong is not treated as malice. When
 * integrity falls below the floor the agent is quarantined for an operator's review (its votes are
 * excluded until a reset). Lost reputation and integrity recover slowly toward their start while
 * the agent is not quarantined.
 */
public final class SeedReputationPolicy implements ReputationPolicy {
    private final double initial;
    private final double agreeDelta;
    private final double disagreeDelta;
    private final double flagDelta;
    private final double integrityFloor;
    private final Recovery recovery;

    public SeedReputationPolicy(double initial, double agreeDelta, double disagreeDelta, double flagDelta) {
        this(initial, agreeDelta, disagreeDelta, flagDelta, 0.0, Recovery.NONE);
    }

    public SeedReputationPolicy(double initial, double agreeDelta, double disagreeDelta, double flagDelta, double integrityFloor,
                                Recovery recovery) {
        this.initial = initial;
        this.agreeDelta = agreeDelta;
        this.disagreeDelta = disagreeDelta;
        this.flagDelta = flagDelta;
        this.integrityFloor = integrityFloor;
        this.recovery = recovery;
    }

    public static SeedReputationPolicy from(SynodConfig config) {
        return new SeedReputationPolicy(config.getDouble("reputation.initial"), config.getDouble("reputation.agree.delta"),
                config.getDouble("reputation.disagree.delta"), config.getDouble("reputation.flag.delta"),
                config.getDouble("reputation.integrity.floor"), Recovery.from(config));
    }

    @Override
    public Reputation initial(String tenant, String agentId, long atMs) {
        return Reputation.newBuilder().setTenant(tenant).setAgentId(agentId).setReputation(clamp(initial))
                .setAccuracy(0.5).setIntegrity(1.0).setVotes(0).setAgreements(0).setFlags(0)
                .setCause("initial").setCauseRef(null).setUpdatedAtMs(atMs).build();
    }

    @Override
    public Reputation apply(Reputation current, ReputationSignal signal) {
        current = recovered(current, signal.getAtMs());
        Reputation.Builder next = Reputation.newBuilder(current)
                .setCause(signal.getKind())
                .setCauseRef(signal.getProposalId())
                .setUpdatedAtMs(Math.max(current.getUpdatedAtMs(), signal.getAtMs()));
        switch (signal.getKind()) {
            case "decision", "outcome" -> {
                long votes = current.getVotes() + 1;
                long agreements = current.getAgreements() + (signal.getAgreed() ? 1 : 0);
                next.setVotes(votes).setAgreements(agreements)
                        .setAccuracy((double) agreements / votes)
                        .setReputation(clamp(current.getReputation() + (signal.getAgreed() ? agreeDelta : -disagreeDelta)));
            }
            case "flag" -> next.setFlags(current.getFlags() + 1)
                    .setIntegrity(clamp(current.getIntegrity() - flagDelta))
                    .setReputation(clamp(current.getReputation() - flagDelta));
            case "reset" -> next.setReputation(clamp(signal.getValue() == null ? initial : signal.getValue()))
                    .setIntegrity(1.0).setFlagged(false).setFlagReason(null);
            default -> {
                return current;
            }
        }
        if (!next.getFlagged() && next.getIntegrity() < integrityFloor) {
            next.setFlagged(true).setFlagReason("integrity_below_floor");
        }
        return next.build();
    }

    private Reputation recovered(Reputation current, long nowMs) {
        double remaining = recovery.remaining(nowMs - current.getUpdatedAtMs());
        if (remaining >= 1.0 || current.getFlagged()) {
            return current;
        }
        double start = clamp(initial);
        return Reputation.newBuilder(current)
                .setReputation(current.getReputation() < start ? start - (start - current.getReputation()) * remaining : current.getReputation())
                .setIntegrity(1.0 - (1.0 - current.getIntegrity()) * remaining)
                .build();
    }

    private static double clamp(double value) {
        return Math.max(0.0, Math.min(1.0, value));
    }
}
