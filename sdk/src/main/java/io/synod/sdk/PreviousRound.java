package io.synod.sdk;

import io.synod.schemas.Ballot;
import io.synod.schemas.RoundOpened;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What a revote shows of the round before it: each option's share and the counted ballots. */
public record PreviousRound(Map<String, Double> distribution, List<Ballot> ballots) {

    public static PreviousRound of(RoundOpened round) {
        return new PreviousRound(round.getPreviousDistribution(), round.getPreviousBallots());
    }

    /** True in round 2 and later, when the agents are asked again. */
    public static boolean isRevote(RoundOpened round) {
        return round.getRound() > 1;
    }

    public double share(String option) {
        return distribution.getOrDefault(option, 0.0);
    }

    /** The option with the largest share last round, if any was counted. */
    public Optional<String> leader() {
        return distribution.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey);
    }

    /** How {@code agentId} voted last round, if its ballot is among those shown. */
    public Optional<Ballot> ballotOf(String agentId) {
        return ballots.stream().filter(b -> b.getAgentId().equals(agentId)).findFirst();
    }

    /** The justifications given for {@code option} last round, heaviest ballot first. */
    public List<String> justificationsFor(String option) {
        return ballots.stream().filter(b -> b.getChoice().equals(option))
                .sorted((a, b) -> Double.compare(b.getWeight(), a.getWeight()))
                .map(Ballot::getJustification).filter(j -> !j.isEmpty()).toList();
    }
}
