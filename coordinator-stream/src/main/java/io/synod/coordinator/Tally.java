package io.synod.coordinator;

import io.synod.events.Choices;
import io.synod.schemas.Ballot;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A round's count: weight per option (abstentions count toward participation, never toward an
 * option), each option's share, and the leader.
 *
 * @param leader  the option with the most weight, or null when no option has weight or the top is tied
 */
public record Tally(Map<String, Double> weights, Map<String, Double> distribution, String leader, double support,
             int voters, int abstentions) {

    /** A count whose shares were computed elsewhere, e.g. a posterior. */
    static Tally ofDistribution(Map<String, Double> distribution, List<Ballot> counted) {
        int abstentions = (int) counted.stream().filter(b -> Choices.ABSTAIN.equals(b.getChoice())).count();
        double best = distribution.values().stream().mapToDouble(Double::doubleValue).max().orElse(0.0);
        boolean anyOptionVote = counted.size() > abstentions;
        return new Tally(distribution, distribution, anyOptionVote ? Leader.of(distribution) : null,
                anyOptionVote ? best : 0.0, counted.size(), abstentions);
    }

    static Tally of(List<String> options, List<Ballot> counted) {
        Map<String, Double> weights = new LinkedHashMap<>();
        options.forEach(option -> weights.put(option, 0.0));
        int abstentions = 0;
        for (Ballot ballot : counted) {
            if (Choices.ABSTAIN.equals(ballot.getChoice())) {
                abstentions++;
            } else {
                weights.merge(ballot.getChoice(), ballot.getWeight(), Double::sum);
            }
        }
        double total = weights.values().stream().mapToDouble(Double::doubleValue).sum();
        Map<String, Double> distribution = new LinkedHashMap<>();
        weights.forEach((option, weight) -> distribution.put(option, total > 0 ? weight / total : 0.0));
        double best = weights.values().stream().mapToDouble(Double::doubleValue).max().orElse(0.0);
        double support = total > 0 ? best / total : 0.0;
        return new Tally(weights, distribution, Leader.of(weights), support, counted.size(), abstentions);
    }
}
