package io.synod.coordinator;

import io.synod.events.Choices;
import io.synod.schemas.AgentProfile;
import io.synod.schemas.Ballot;
import io.synod.schemas.Reputation;
import io.synod.stats.BinomialTail;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Online Dawid–Skene: the posterior over options given each voter's confusion counts, learned from
 * past decisions (soft, by their posteriors) and ground-truth outcomes (hard), shrunk toward the
 * voter's one-coin accuracy so that sparse rows stay sensible. New agents start from a Beta prior.
 * The "support" of an option is its posterior probability; a ballot's weight is the log-odds its
 * vote adds to its option. A counted vote never counts against its own choice (a crowd whose record
 * says it was wrong is read as uninformative, not inverted); only excluded voters can, under the tests
 * of {@code countAgainst}.
 *
 * @param priorCorrect pseudo-count of correct votes every agent starts with
 * @param priorWrong   pseudo-count of wrong votes every agent starts with
 * @param strength     pseudo-count pulling each confusion row toward the one-coin model
 */
public record OnlineDawidSkene(double priorCorrect, double priorWrong, double strength) implements DecisionModel {
    static final char SEPARATOR = '\u0000';
    private static final double FLOOR = 1e-9;
    /** Pseudo-count of chance-level accuracy where the counted majority missed the truth. */
    private static final double MISSED_PRIOR = 2.0;
    /**
     * The highest rate at which a voter that merely opposes the majority still sides with a clear
     * plurality of the counted votes (one that leads by two or more; uncounted voters make the two
     * majorities differ): at most 0.22% for the shared data's blocs, 2.3 times that here. A bloc lying
     * against the truth does whenever such a plurality errs its way, on 3-6% of its votes.
     */
    static final double OPPOSER_WITH_PLURALITY = 0.005;
    /** How unlikely its sidings with the plurality must be for such a voter before its vote is read as its own evidence. */
    static final double OWN_EVIDENCE_SIGNIFICANCE = 1e-3;

    @Override
    public Tally tally(List<String> options, List<Ballot> counted, Function<String, Reputation> reputationOf) {
        return tally(options, counted, List.of(), reputationOf);
    }

    @Override
    public Tally tally(List<String> options, List<Ballot> counted, List<Ballot> excluded,
                       Function<String, Reputation> reputationOf) {
        int k = options.size();
        Map<String, Double> logPosterior = new LinkedHashMap<>();
        options.forEach(option -> logPosterior.put(option, 0.0));
        List<Reputation> reputations = new ArrayList<>(counted.size());
        for (Ballot ballot : counted) {
            reputations.add(reputationOf.apply(ballot.getAgentId()));
        }
        double resolution = ConfidenceResolution.weight(reputations);
        double[] gaps = OverstatedAccuracy.gaps(reputations);
        double[] likelihoods = new double[k];
        double overstated = OverstatedAccuracy.reference(gaps);
        for (int i = 0; i < counted.size(); i++) {
            Ballot ballot = counted.get(i);
            Reputation reputation = reputations.get(i);
            double q = accuracy(reputation);
            ballot.setAccuracy(rawAccuracy(reputation));
            if (Choices.ABSTAIN.equals(ballot.getChoice()) || !logPosterior.containsKey(ballot.getChoice())) {
                ballot.setWeight(0.0);
                continue;
            }
            // Suspicion short of exclusion (e.g. a copied justification) discounts the vote's evidence.
            // So does being one of a group of echoes (EchoGroups): together they count as one voice. And an
            // accuracy that ground truth shows the decisions overstated (OverstatedAccuracy).
            double independence = (1.0 - Math.max(0.0, Math.min(1.0, ballot.getSuspicion()))) * ballot.getVoices()
                    * OverstatedAccuracy.factor(gaps[i], overstated, q, k);
            ballot.setWeight(k > 1 ? independence * Math.max(0.0, logOdds(q, k)) : 0.0);
            // A vote at confidence c is read as the agent's model with probability c and a guess otherwise,
            // so a hesitant vote moves the posterior less; at confidence 1 this is plain Dawid-Skene. Stated
            // confidence counts only as far as the voters' histories show it going with being right.
            double c = confidence(ballot, resolution);
            // A counted vote never counts against its own choice: no option is more likely given this vote
            // than the chosen one. A record that reads a counted voter as reliably wrong is more often
            // decisions that went astray (a bloc carried them early, so the honest crowd looks inverted and
            // would be read inverted from then on) than a voter to read upside down; evidence against a
            // choice comes from excluded voters alone, under their own tests (countAgainst). The options its
            // record prefers are lowered to its choice rather than its choice raised to them: raised, a liar
            // counted before its quarantine added to its choice as much as its record says it points elsewhere.
            int chosen = -1;
            int index = 0;
            for (String truth : options) {
                likelihoods[index] = likelihood(reputation, q, truth, ballot.getChoice(), k);
                if (truth.equals(ballot.getChoice())) {
                    chosen = index;
                }
                index++;
            }
            for (index = 0; index < k; index++) {
                likelihoods[index] = Math.min(likelihoods[index], likelihoods[chosen]);
            }
            index = 0;
            for (String truth : options) {
                double likelihood = c * likelihoods[index++] + (1 - c) / k;
                logPosterior.merge(truth, independence * Math.log(Math.max(likelihood, FLOOR)), Double::sum);
            }
        }
        for (Ballot ballot : excluded) {
            countAgainst(ballot, reputationOf.apply(ballot.getAgentId()), k, resolution, logPosterior);
        }
        double max = logPosterior.values().stream().mapToDouble(Double::doubleValue).max().orElse(0.0);
        Map<String, Double> posterior = new LinkedHashMap<>();
        double total = 0.0;
        for (var entry : logPosterior.entrySet()) {
            double p = Math.exp(entry.getValue() - max);
            posterior.put(entry.getKey(), p);
            total += p;
        }
        for (var entry : posterior.entrySet()) {
            entry.setValue(entry.getValue() / total);
        }
        return Tally.ofDistribution(posterior, counted);
    }

    /**
     * An excluded voter counts against the option it chose, never for it, when it is below chance both
     * in its record (frozen when it was quarantined) and, by ground truth, where the majority of the
     * counted votes went wrong (docs/decisions/0068). The second test tells a voter whose choice
     * carries evidence of its own (a bloc lying against the truth: wrong there too) from one whose
     * choice is a function of the others' (a bloc voting against whatever the majority says: right
     * exactly where the majority is wrong), whose vote would only push decisions toward the majority's
     * mistakes. Without such ground truth it does not count. The evidence is the weaker of the two
     * accuracies, and only the one-coin model is read: a confusion row could favour one particular
     * other option.
     */
    private void countAgainst(Ballot ballot, Reputation reputation, int k, double resolution,
                              Map<String, Double> logPosterior) {
        if (reputation == null || reputation.getProfile() == null || k < 2 || !logPosterior.containsKey(ballot.getChoice())) {
            return;
        }
        double chance = 1.0 / k;
        AgentProfile profile = reputation.getProfile();
        long missed = profile.getMissedOutcomes();
        // Until ground truth shows where the majority missed, a voter that sides with the counted
        // plurality far more often than a mere opposer could is presumed as wrong there as elsewhere.
        boolean ownEvidence = BinomialTail.atLeast(profile.getExcludedWithMajority(), profile.getExcludedVotes(),
                OPPOSER_WITH_PLURALITY) < OWN_EVIDENCE_SIGNIFICANCE;
        double presumed = ownEvidence ? accuracy(reputation) : chance;
        double whereMissed = (profile.getMissedRight() + MISSED_PRIOR * presumed) / (missed + MISSED_PRIOR);
        double q = Math.max(accuracy(reputation), whereMissed);
        if (q >= chance) {
            return;
        }
        double c = confidence(ballot, resolution);
        double chosen = c * q + (1 - c) / k;
        double other = c * (1 - q) / (k - 1) + (1 - c) / k;
        ballot.setWeight(logOdds(q, k));
        for (var entry : logPosterior.entrySet()) {
            entry.setValue(entry.getValue() + Math.log(Math.max(entry.getKey().equals(ballot.getChoice()) ? chosen : other, FLOOR)));
        }
    }

    /** The log-odds a vote by a voter of accuracy {@code q} adds to its option among {@code k}. */
    private static double logOdds(double q, int k) {
        return Math.log(Math.max(q, FLOOR) * (k - 1) / Math.max(1 - q, FLOOR));
    }

    /** The stated confidence as far as the voters' histories let it count (1 reads every vote as certain). */
    private static double confidence(Ballot ballot, double resolution) {
        return 1.0 - resolution * (1.0 - Math.max(0.0, Math.min(1.0, ballot.getConfidence())));
    }

    /** Posterior mean of the agent's one-coin accuracy. */
    double accuracy(Reputation reputation) {
        double correct = reputation == null ? 0.0 : reputation.getSoftCorrect();
        double wrong = reputation == null ? 0.0 : reputation.getSoftWrong();
        return (correct + priorCorrect) / (correct + wrong + priorCorrect + priorWrong);
    }

    @Override
    public double accuracyOf(Reputation reputation) {
        return rawAccuracy(reputation);
    }

    /** Accuracy with a uniform prior, for the expected agreement of independent voters. */
    static double rawAccuracy(Reputation reputation) {
        if (reputation == null) {
            return 0.5;
        }
        double correct = reputation.getLifetimeCorrect();
        double wrong = reputation.getLifetimeWrong();
        if (correct + wrong == 0.0) {
            // A record written before lifetime counts existed, never faded.
            correct = reputation.getSoftCorrect();
            wrong = reputation.getSoftWrong();
        }
        return (correct + 1.0) / (correct + wrong + 2.0);
    }

    private double likelihood(Reputation reputation, double q, String truth, String voted, int k) {
        double base = truth.equals(voted) ? q : (1 - q) / (k - 1);
        if (reputation == null) {
            return base;
        }
        double cell = reputation.getConfusion().getOrDefault(truth + SEPARATOR + voted, 0.0);
        double row = reputation.getRowTotals().getOrDefault(truth, 0.0);
        return (cell + strength * base) / (row + strength);
    }
}
