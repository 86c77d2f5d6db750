package io.synod.reputation;

import io.synod.config.SynodConfig;
import io.synod.schemas.Reputation;
import io.synod.schemas.internal.ReputationSignal;

/**
 * The seed document's rule: start at 1.0, +0.05 for voting with the final decision, -0.02 for
 * voting against it, -0.15 per Byzantine flag, always within [0,1]. Accuracy is the running share
 * of agreements; integrity falls with flags only, so being wrong is not treated as malice.
 */
public final class SeedReputationPolicy implements ReputationPolicy {
    private final double initial;
    private final double agreeDelta;
    private final double disagreeDelta;
    private final double flagDelta;

    public SeedReputationPolicy(double initial, double agreeDelta, double disagreeDelta, double flagDelta) {
        this.initial = initial;
        this.agreeDelta = agreeDelta;
        this.disagreeDelta = disagreeDelta;
        this.flagDelta = flagDelta;
    }

    public static SeedReputationPolicy from(SynodConfig config) {
        return new SeedReputationPolicy(config.getDouble("reputation.initial"), config.getDouble("reputation.agree.delta"),
                config.getDouble("reputation.disagree.delta"), config.getDouble("reputation.flag.delta"));
    }

    @Override
    public Reputation initial(String tenant, String agentId, long atMs) {
        return Reputation.newBuilder().setTenant(tenant).setAgentId(agentId).setReputation(clamp(initial))
                .setAccuracy(0.5).setIntegrity(1.0).setVotes(0).setAgreements(0).setFlags(0)
                .setCause("initial").setCauseRef(null).setUpdatedAtMs(atMs).build();
    }

    @Override
    public Reputation apply(Reputation current, ReputationSignal signal) {
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
            case "reset" -> next.setReputation(clamp(signal.getValue() == null ? initial : signal.getValue()));
            default -> {
                return current;
            }
        }
        return next.build();
    }

    private static double clamp(double value) {
        return Math.max(0.0, Math.min(1.0, value));
    }
}
