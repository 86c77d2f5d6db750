package io.synod.reputation;

import io.synod.config.SynodConfig;
import io.synod.events.QuarantineReasons;
import io.synod.schemas.Reputation;
import io.synod.stats.BinomialTail;
import io.synod.schemas.internal.ReputationSignal;
import java.util.HashMap;
import java.util.Map;

/**
 * The default policy, the reputation side of online Dawid–Skene. Accuracy is learned from every
 * decision, softly (each vote counts as right with the decision's posterior probability of its
 * option), and from ground truth, hard and with more weight: an outcome replaces the soft evidence
 * of that proposal. Integrity is separate: being wrong lowers accuracy, only evidence of
 * manipulation flags an agent — far below chance against ground truth (contrarian). Siding with
 * decisions the ground truth shows wrong is counted but flags no one: on a hard task the honest
 * voters who read an item as most do side with its wrong decision, as often as the agents that steered
 * it (decision 0090). Collusion and Sybil flags arrive as flag signals.
 */
public final class BayesianReputationPolicy implements ReputationPolicy {
    private static final char SEPARATOR = '\u0000';
    private static final int MAX_CONFUSION_CELLS = 256;

    private final double priorCorrect;
    private final double priorWrong;
    private final double outcomeWeight;
    private final long truthMinVotes;
    private final double significance;
    private final long quarantineFlags;
    private final Recovery recovery;
    /** Pattern verdicts (contrarian, sleeper, flip-flopping); null when the patterns method is off. */
    private final PatternVerdicts patterns;
    /** The share of its earlier evidence the decision model's counts keep at each counted vote (1: all of it). */
    private final double keep;
    /** When a quarantine on agreement with the decisions is lifted (decision 0109). */
    private final Reinstatement reinstatement;

    public BayesianReputationPolicy(double priorCorrect, double priorWrong, double outcomeWeight, long truthMinVotes, double significance,
                                    long quarantineFlags) {
        this(priorCorrect, priorWrong, outcomeWeight, truthMinVotes, significance, quarantineFlags, Recovery.NONE);
    }

    public BayesianReputationPolicy(double priorCorrect, double priorWrong, double outcomeWeight, long truthMinVotes, double significance,
                                    long quarantineFlags, Recovery recovery) {
        this(priorCorrect, priorWrong, outcomeWeight, truthMinVotes, significance, quarantineFlags, recovery,
                PatternVerdicts.from(SynodConfig.defaults()));
    }

    BayesianReputationPolicy(double priorCorrect, double priorWrong, double outcomeWeight, long truthMinVotes, double significance,
                             long quarantineFlags, PatternVerdicts patterns) {
        this(priorCorrect, priorWrong, outcomeWeight, truthMinVotes, significance, quarantineFlags, Recovery.NONE, patterns);
    }

    BayesianReputationPolicy(double priorCorrect, double priorWrong, double outcomeWeight, long truthMinVotes, double significance,
                             long quarantineFlags, Recovery recovery, PatternVerdicts patterns) {
        this(priorCorrect, priorWrong, outcomeWeight, truthMinVotes, significance, quarantineFlags, recovery, patterns, 0);
    }

    /**
     * @param memoryVotes how many of its latest counted votes the decision model's view of an agent (soft
     *                    counts, confusion cells) mostly reflects: each vote keeps {@code 1 - 1/memoryVotes}
     *                    of the evidence before it (0: never forget). The lifetime counts never fade.
     */
    BayesianReputationPolicy(double priorCorrect, double priorWrong, double outcomeWeight, long truthMinVotes, double significance,
                             long quarantineFlags, Recovery recovery, PatternVerdicts patterns, double memoryVotes) {
        this(priorCorrect, priorWrong, outcomeWeight, truthMinVotes, significance, quarantineFlags, recovery, patterns, memoryVotes,
                Reinstatement.from(SynodConfig.defaults()));
    }

    BayesianReputationPolicy(double priorCorrect, double priorWrong, double outcomeWeight, long truthMinVotes, double significance,
                             long quarantineFlags, Recovery recovery, PatternVerdicts patterns, double memoryVotes,
                             Reinstatement reinstatement) {
        this.reinstatement = reinstatement;
        this.keep = memoryVotes > 0 ? 1.0 - 1.0 / memoryVotes : 1.0;
        this.priorCorrect = priorCorrect;
        this.priorWrong = priorWrong;
        this.outcomeWeight = outcomeWeight;
        this.truthMinVotes = truthMinVotes;
        this.significance = significance;
        this.quarantineFlags = quarantineFlags;
        this.recovery = recovery;
        this.patterns = patterns;
    }

    public static BayesianReputationPolicy from(SynodConfig config) {
        return new BayesianReputationPolicy(config.getDouble("policy.bayesian.prior.correct"),
                config.getDouble("policy.bayesian.prior.wrong"), config.getDouble("policy.bayesian.outcome.weight"),
                config.getLong("detector.truth.min.votes"), config.getDouble("detector.truth.significance"),
                config.getLong("detector.quarantine.flags"), Recovery.from(config),
                config.getBoolean("detector.patterns.enabled") ? PatternVerdicts.from(config) : null,
                config.getDouble("policy.bayesian.memory.votes"), Reinstatement.from(config));
    }

    @Override
    public Reputation initial(String tenant, String agentId, long atMs) {
        return derive(Reputation.newBuilder().setTenant(tenant).setAgentId(agentId).setReputation(0.0).setAccuracy(0.5)
                .setIntegrity(1.0).setVotes(0).setAgreements(0).setFlags(0).setCause("initial").setUpdatedAtMs(atMs)
                .setConfusion(new HashMap<>()).setRowTotals(new HashMap<>()).build());
    }

    @Override
    public Reputation apply(Reputation current, ReputationSignal signal) {
        // The copy has its own maps and profile, so the signal can be applied to it in place.
        Reputation next = RecordCopies.copy(current);
        next.setCause(signal.getKind());
        next.setCauseRef(signal.getProposalId());
        next.setUpdatedAtMs(Math.max(current.getUpdatedAtMs(), signal.getAtMs()));
        forgetMistakes(next, recovery.remaining(signal.getAtMs() - current.getUpdatedAtMs()));
        // A record from before the lifetime counts existed had never faded: its soft counts are its lifetime's.
        if (next.getLifetimeCorrect() + next.getLifetimeWrong() == 0.0 && next.getSoftCorrect() + next.getSoftWrong() > 0.0) {
            next.setLifetimeCorrect(next.getSoftCorrect());
            next.setLifetimeWrong(next.getSoftWrong());
        }
        // An agent from before profiles existed gets a fresh one.
        if (next.getProfile() == null) {
            next.setProfile(AgentProfiles.empty());
        }
        switch (signal.getKind()) {
            case "decision" -> {
                next.setVotes(next.getVotes() + 1);
                next.setAgreements(next.getAgreements() + (signal.getAgreed() ? 1 : 0));
                fade(next);
                addEvidence(next, signal.getPosterior(), signal.getChoice(), 1.0);
                AgentProfiles.onDecision(next.getProfile(), signal);
                String verdict = patterns == null || next.getFlagged() ? null : patterns.verdict(next.getProfile());
                if (verdict != null) {
                    flag(next, verdict);
                    if (PatternVerdicts.AGAINST_DECISIONS.contains(verdict)) {
                        Reinstatement.onVerdictAgainstDecisions(next.getProfile());
                    }
                }
            }
            case "outcome" -> {
                AgentProfiles.onOutcome(next.getProfile(), signal);
                onOutcome(next, signal);
            }
            case "quality" -> {
                if (signal.getQuality() == null) {
                    return current;
                }
                AgentProfiles.onQuality(next.getProfile(), signal.getQuality());
            }
            case "flag" -> {
                flag(next, signal.getReason() == null ? "flagged" : signal.getReason());
                if (signal.getMajority() != null && signal.getChoice() != null) {
                    AgentProfiles.onExcludedVote(next.getProfile(), signal);
                    reinstatement.onExcludedVote(next, signal.getChoice().equals(signal.getMajority()), signal.getOptions());
                }
            }
            case "reset" -> {
                next.setFlagged(false);
                next.setFlagReason(null);
                next.setSoftCorrect(0.0);
                next.setSoftWrong(0.0);
                next.setLifetimeCorrect(0.0);
                next.setLifetimeWrong(0.0);
                next.getConfusion().clear();
                next.getRowTotals().clear();
                next.setProfile(AgentProfiles.empty());
            }
            default -> {
                return current;
            }
        }
        return derive(next);
    }

    private void onOutcome(Reputation next, ReputationSignal signal) {
        String choice = signal.getChoice();
        String truth = signal.getTruth();
        next.setTruthVotes(next.getTruthVotes() + 1);
        next.setTruthCorrect(next.getTruthCorrect() + (truth.equals(choice) ? 1 : 0));
        boolean sidedWithWrongDecision = choice.equals(signal.getDecision()) && !truth.equals(signal.getDecision());
        next.setTruthWithWrongDecision(next.getTruthWithWrongDecision() + (sidedWithWrongDecision ? 1 : 0));
        if (!signal.getPosterior().isEmpty()) {
            // Ground truth replaces what the decision's posterior had taught, with more weight.
            addEvidence(next, signal.getPosterior(), choice, -1.0);
            addEvidence(next, Map.of(truth, 1.0), choice, outcomeWeight);
        }
        if (patterns != null && !next.getFlagged() && next.getTruthVotes() >= truthMinVotes) {
            if (BinomialTail.atMost(next.getTruthCorrect(), next.getTruthVotes(), 0.35) < significance) {
                flag(next, PatternVerdicts.CONTRARIAN);
            }
        }
    }

    /**
     * Statistical verdicts (contrarian, collusion) and a Sybil swarm quarantine at once; any other
     * round-level exclusion (the detector's suspicion) must recur before the agent is quarantined, and a
     * mere down-weighting (a copied justification) never does, so one coincidence never silences an
     * honest agent. A swarm is no coincidence of one round: five or more fresh identities registered
     * together, pasting one text for one option. Many live for a single attack, and once its burst is
     * past they are no longer fresh in one, so their second exclusion may never come (decision 0107).
     * A vote excluded only because the agent was quarantined when it was scored is no evidence at all:
     * after a reset or a reinstatement, votes scored before the lift reached the detector must not
     * quarantine it again.
     */
    private void flag(Reputation next, String reason) {
        next.setFlags(next.getFlags() + 1);
        boolean conclusive = switch (reason) {
            case "down_weighted", QuarantineReasons.EXCLUDED_WHILE_QUARANTINED -> false;
            case "excluded_as_byzantine" -> next.getFlags() >= quarantineFlags;
            default -> true;
        };
        if (!next.getFlagged() && conclusive) {
            next.setFlagged(true);
            next.setFlagReason(reason);
        }
    }

    /**
     * Slow recovery: the evidence of the agent's mistakes (wrong votes, the off-diagonal confusion
     * cells) fades by {@code remaining}; what it got right stays. A quarantined agent waits for review.
     */
    private static void forgetMistakes(Reputation next, double remaining) {
        if (remaining >= 1.0 || next.getFlagged()) {
            return;
        }
        next.setSoftWrong(next.getSoftWrong() * remaining);
        next.setLifetimeWrong(next.getLifetimeWrong() * remaining);
        Map<String, Double> rows = next.getRowTotals();
        next.getConfusion().replaceAll((cell, count) -> {
            int at = cell.indexOf(SEPARATOR);
            if (cell.substring(0, at).equals(cell.substring(at + 1))) {
                return count;
            }
            double kept = count * remaining;
            rows.merge(cell.substring(0, at), kept - count, Double::sum);
            return kept;
        });
    }

    /**
     * Before a counted vote adds its evidence, the decision model's earlier evidence fades by {@code keep}:
     * an agent that changes (a sleeper turning, a camouflaged member starting to lie, an honest one
     * improving) weighs by what it does now within a hundred or two votes. The lifetime counts, which the
     * detector's tests and the reported accuracy read, keep everything: evidence that an agent carried
     * decisions must not fade with the weight it carried them with (docs/decisions/0082).
     */
    private void fade(Reputation next) {
        if (keep >= 1.0) {
            return;
        }
        next.setSoftCorrect(next.getSoftCorrect() * keep);
        next.setSoftWrong(next.getSoftWrong() * keep);
        next.getConfusion().replaceAll((cell, count) -> count * keep);
        next.getRowTotals().replaceAll((row, count) -> count * keep);
    }

    /** Adds {@code scale} times the posterior as evidence about the agent's vote for {@code choice}. */
    private static void addEvidence(Reputation next, Map<String, Double> posterior, String choice, double scale) {
        double right = posterior.getOrDefault(choice, 0.0);
        next.setLifetimeCorrect(Math.max(0.0, next.getLifetimeCorrect() + scale * right));
        next.setLifetimeWrong(Math.max(0.0, next.getLifetimeWrong() + scale * (1.0 - right)));
        next.setSoftCorrect(Math.max(0.0, next.getSoftCorrect() + scale * right));
        next.setSoftWrong(Math.max(0.0, next.getSoftWrong() + scale * (1.0 - right)));
        Map<String, Double> confusion = next.getConfusion();
        Map<String, Double> rows = next.getRowTotals();
        posterior.forEach((truth, p) -> {
            String cell = truth + SEPARATOR + choice;
            if (confusion.containsKey(cell) || confusion.size() < MAX_CONFUSION_CELLS) {
                confusion.put(cell, Math.max(0.0, confusion.getOrDefault(cell, 0.0) + scale * p));
                rows.put(truth, Math.max(0.0, rows.getOrDefault(truth, 0.0) + scale * p));
            }
        });
    }

    private Reputation derive(Reputation next) {
        double correct = next.getLifetimeCorrect();
        double wrong = next.getLifetimeWrong();
        next.setReputation((correct + priorCorrect) / (correct + wrong + priorCorrect + priorWrong));
        next.setAccuracy((correct + 1.0) / (correct + wrong + 2.0));
        next.setIntegrity(next.getFlagged() ? 0.0 : 1.0);
        return next;
    }
}
