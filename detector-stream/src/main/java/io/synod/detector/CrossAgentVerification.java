package io.synod.detector;

import io.synod.events.SuspicionReasons;
import io.synod.schemas.AgentProfile;
import io.synod.text.TextFingerprint;

/**
 * Method 5, cross-agent verification, as far as one vote can see it: a justification that nearly
 * duplicates other agents' justifications earlier in the same round (SimHash of masked word
 * bigrams), and an agent whose ballots habitually carry that finding. Round-level evidence that
 * needs every ballot (copy groups counted as one voter, Sybil swarms excluded) is the coordinator's
 * at round close, and cross-proposal evidence (pairs that never disagree, correlated errors) is
 * reputation-stream's; both flow back through the agent's reputation.
 */
final class CrossAgentVerification implements DetectionMethod {
    static final String NEAR_DUPLICATE = SuspicionReasons.NEAR_DUPLICATE;
    static final String HABITUAL_COPYING = "habitual_copying";
    private static final long MIN_HISTORY = 10;

    private final double similarity;

    CrossAgentVerification(DetectorSettings settings) {
        this.similarity = settings.duplicateSimilarity();
    }

    @Override
    public String name() {
        return "cross";
    }

    @Override
    public MethodScore score(VoteContext context) {
        MethodScore.Builder findings = new MethodScore.Builder(0.3);
        if (context.comparable()) {
            int copies = 0;
            for (RoundMemory.Print other : context.earlierPrints()) {
                if (other.comparable() && !other.agentId().equals(context.vote().getAgentId())
                        && TextFingerprint.similarity(other.print(), context.print()) >= similarity) {
                    copies++;
                }
            }
            if (copies > 0) {
                findings.add(copies >= 2 ? 0.25 : 0.1, NEAR_DUPLICATE);
            }
        }
        AgentProfile profile = context.profile();
        if (profile != null && profile.getDecisionVotes() >= MIN_HISTORY
                && profile.getReasonCounts().getOrDefault(NEAR_DUPLICATE, 0L) >= 0.5 * profile.getDecisionVotes()) {
            findings.add(0.15, HABITUAL_COPYING);
        }
        return findings.build();
    }
}
