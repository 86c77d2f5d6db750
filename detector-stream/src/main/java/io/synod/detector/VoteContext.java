package io.synod.detector;

import io.synod.schemas.AgentProfile;
import io.synod.schemas.AgentRegistration;
import io.synod.schemas.Reputation;
import io.synod.schemas.Vote;
import java.util.List;

/**
 * Everything a method may look at for one vote. Text features are computed once per vote.
 *
 * @param reputation    the agent's reputation from the global store, or null for a new agent
 * @param earlierPrints justification fingerprints of other agents' earlier votes in this round
 * @param previous      the agent's own vote on this proposal in the previous round, or null
 * @param burstSize     votes from distinct agents in the burst this vote arrived in (1 = none)
 * @param norms         how common terse and terse-but-extreme votes are in the tenant
 */
record VoteContext(Vote vote, VoteValidator.OpenRound round, AgentRegistration registration, Reputation reputation,
                   List<String> tokens, long print, int contentWords, int bigrams,
                   List<RoundMemory.Print> earlierPrints, RoundMemory.Print previous, int burstSize, RoundMemory.TenantNorms norms) {

    AgentProfile profile() {
        return reputation == null ? null : reputation.getProfile();
    }

    /** Enough text to compare with another justification. */
    boolean comparable() {
        return bigrams >= io.synod.text.TextFingerprint.MIN_BIGRAMS;
    }
}
