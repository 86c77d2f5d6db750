package io.synod.coordinator;

import io.synod.events.Choices;
import io.synod.schemas.AgentRegistration;
import io.synod.schemas.Ballot;
import io.synod.schemas.Policy;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The trusted bootstrap set: agents marked trusted in the registry are a check no flood of new
 * agents can outvote. With the policy on, a decision stands only if it is the option most trusted
 * voters chose (one trusted agent, one vote); otherwise the round counts as undecided.
 */
final class TrustedSet {
    private TrustedSet() {
    }

    static RoundVerdict confirm(RoundVerdict verdict, Policy policy, int round, List<Ballot> counted,
                                Function<String, AgentRegistration> registrationOf) {
        if (verdict.decision() == null) {
            return verdict;
        }
        String trustedChoice = trustedMajority(counted, registrationOf);
        if (verdict.decision().equals(trustedChoice)) {
            return verdict;
        }
        String reason = trustedChoice == null ? "no_trusted_majority" : "trusted_dissent";
        return round < policy.getMaxRounds()
                ? new RoundVerdict(RoundVerdict.Kind.NEXT_ROUND, null, reason)
                : new RoundVerdict(RoundVerdict.Kind.DEADLOCK, null, reason);
    }

    /** The option with the most trusted votes, or null when no trusted agent voted or they tie. */
    static String trustedMajority(List<Ballot> counted, Function<String, AgentRegistration> registrationOf) {
        Map<String, Integer> votes = new LinkedHashMap<>();
        for (Ballot ballot : counted) {
            AgentRegistration registration = registrationOf.apply(ballot.getAgentId());
            if (registration != null && registration.getTrusted() && !Choices.ABSTAIN.equals(ballot.getChoice())) {
                votes.merge(ballot.getChoice(), 1, Integer::sum);
            }
        }
        return Leader.of(votes);
    }
}
