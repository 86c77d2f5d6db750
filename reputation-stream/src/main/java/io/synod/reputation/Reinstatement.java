package io.synod.reputation;

import io.synod.config.SynodConfig;
import io.synod.events.QuarantineReasons;
import io.synod.schemas.AgentProfile;
import io.synod.schemas.Reputation;
import io.synod.stats.BinomialTail;
import java.util.ArrayList;

/**
 * A contrarian or sleeper verdict judges an agent by how often it agreed with the decisions. When a
 * bloc holds the early decisions (its members not yet caught), the honest agents who opposed it are
 * the ones that disagreed, and a heavy worker among them can be quarantined before the bloc is. Once
 * the bloc is excluded, such an agent goes with the counted plurality about as often as any honest
 * voter, which no voter that opposes the crowd by nature does (the shared data's blocs side with a clear
 * plurality on at most 0.5% of their excluded votes, the simulator's truth-lying blocs on 3-6%). So
 * while it is quarantined on such a verdict its excluded votes are compared with the clear counted
 * plurality, and once it went with it far above chance over {@code minVotes} of them (binomial tail
 * below {@code significance}) the quarantine is lifted and the decision history the verdict read is
 * set aside. Verdicts on other evidence (collusion, copies, a swarm, ground truth) are never revised
 * here: only an operator's reset lifts them.
 *
 * @param significance how unlikely its sidings with the plurality must be for a voter at chance
 * @param minVotes     excluded votes with a clear plurality before the quarantine can be lifted
 */
record Reinstatement(double significance, long minVotes) {
    static Reinstatement from(SynodConfig config) {
        return new Reinstatement(config.getDouble("detector.reinstate.significance"), config.getLong("detector.reinstate.min.votes"));
    }

    /** The agent was just quarantined on its agreement with the decisions: its excluded votes are counted from now on. */
    static void onVerdictAgainstDecisions(AgentProfile profile) {
        profile.setRevisableQuarantine(true);
        profile.setQuarantinedVotes(0L);
        profile.setQuarantinedWithMajority(0L);
        profile.setQuarantinedChance(0.0);
    }

    /**
     * Counts one excluded vote beside a clear counted plurality among {@code options}, and lifts the
     * quarantine when it is due, with the cause {@link QuarantineReasons#REINSTATED} for the audit log.
     */
    void onExcludedVote(Reputation reputation, boolean withPlurality, int options) {
        AgentProfile profile = reputation.getProfile();
        if (!reputation.getFlagged() || profile == null || !profile.getRevisableQuarantine() || significance <= 0.0) {
            return;
        }
        profile.setQuarantinedVotes(profile.getQuarantinedVotes() + 1);
        profile.setQuarantinedWithMajority(profile.getQuarantinedWithMajority() + (withPlurality ? 1 : 0));
        profile.setQuarantinedChance(profile.getQuarantinedChance() + 1.0 / Math.max(2, options));
        long n = profile.getQuarantinedVotes();
        if (n < minVotes || BinomialTail.atLeast(profile.getQuarantinedWithMajority(), n, profile.getQuarantinedChance() / n) >= significance) {
            return;
        }
        reputation.setFlagged(false);
        reputation.setFlagReason(null);
        reputation.setCause(QuarantineReasons.REINSTATED);
        profile.setRevisableQuarantine(false);
        // The verdict's evidence was its agreement with decisions it had good reason to oppose: the tests of
        // contrarians and sleepers start again from its next counted vote, not from that history.
        profile.setDecisionVotes(0L);
        profile.setDecisionAgreements(0L);
        profile.setChanceAgreements(0.0);
        profile.setRecentAgreed(0L);
        profile.setRecentChance(new ArrayList<>());
    }
}
