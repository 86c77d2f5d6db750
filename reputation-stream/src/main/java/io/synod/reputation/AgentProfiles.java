package io.synod.reputation;

import io.synod.schemas.AgentProfile;
import io.synod.schemas.JustificationQuality;
import io.synod.schemas.internal.ReputationSignal;
import io.synod.text.TextFingerprint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Keeps an agent's detection profile: the per-agent statistics the detection methods need and that
 * only exist where data is keyed by agent — agreement with decisions against chance (contrarians,
 * sleepers), calibration (Brier score against decisions and ground truth), the options it picks,
 * the detector's reason codes on its ballots, flip-flops, and its own recent justifications
 * (copy-paste). Pure and bounded, so replaying the same signals gives the same profile.
 */
final class AgentProfiles {
    static final int RECENT = 64;
    static final int RECENT_OUTCOMES = 16;
    private static final int MAX_OPTIONS = 16;
    private static final int MAX_REASONS = 32;
    private static final int PRINTS = 16;
    private static final double SELF_COPY_SIMILARITY = 0.9;
    private static final double SEMANTIC_COPY_SIMILARITY = 0.97;

    private AgentProfiles() {
    }

    static AgentProfile empty() {
        return AgentProfile.newBuilder().build();
    }

    /** A counted vote on a decided proposal. */
    static void onDecision(AgentProfile profile, ReputationSignal signal) {
        int options = signal.getOptions() > 0 ? signal.getOptions() : Math.max(2, signal.getPosterior().size());
        double chance = 1.0 / options;
        boolean agreed = signal.getAgreed();
        profile.setDecisionVotes(profile.getDecisionVotes() + 1);
        profile.setDecisionAgreements(profile.getDecisionAgreements() + (agreed ? 1 : 0));
        profile.setChanceAgreements(profile.getChanceAgreements() + chance);
        profile.setRecentAgreed((profile.getRecentAgreed() << 1) | (agreed ? 1L : 0L));
        List<Double> recent = profile.getRecentChance();
        recent.add(0, chance);
        while (recent.size() > RECENT) {
            recent.remove(recent.size() - 1);
        }
        double reference = signal.getPosterior().getOrDefault(signal.getChoice(), agreed ? 1.0 : 0.0);
        double error = signal.getConfidence() - reference;
        profile.setBrierDecisions(profile.getBrierDecisions() + error * error);
        profile.setBrierDecisionVotes(profile.getBrierDecisionVotes() + 1);
        double confidence = signal.getConfidence();
        profile.setResolutionVotes(profile.getResolutionVotes() + 1);
        profile.setConfidenceSum(profile.getConfidenceSum() + confidence);
        profile.setConfidenceSquares(profile.getConfidenceSquares() + confidence * confidence);
        profile.setRightSum(profile.getRightSum() + reference);
        profile.setConfidenceRight(profile.getConfidenceRight() + confidence * reference);
        if (signal.getConfidence() >= 0.95) {
            profile.setConfidentVotes(profile.getConfidentVotes() + 1);
        }
        increment(profile.getChoiceCounts(), signal.getChoice(), MAX_OPTIONS);
        for (String reason : signal.getReasons()) {
            increment(profile.getReasonCounts(), reason, MAX_REASONS);
        }
        if (signal.getRound() > 1) {
            profile.setLaterRoundVotes(profile.getLaterRoundVotes() + 1);
            if (signal.getReasons().contains("flip_flop_without_new_argument")) {
                profile.setFlipFlops(profile.getFlipFlops() + 1);
            }
        }
        rememberJustification(profile, signal);
    }

    /** Ground truth for a vote the agent cast: calibration against what was actually right. */
    static void onOutcome(AgentProfile profile, ReputationSignal signal) {
        int right = signal.getTruth().equals(signal.getChoice()) ? 1 : 0;
        double error = signal.getConfidence() - right;
        profile.setBrierTruth(profile.getBrierTruth() + error * error);
        profile.setBrierTruthVotes(profile.getBrierTruthVotes() + 1);
        List<Long> outcomes = profile.getRecentOutcomes();
        outcomes.add(0, profile.getDecisionVotes() * 2 + right);
        while (outcomes.size() > RECENT_OUTCOMES) {
            outcomes.remove(outcomes.size() - 1);
        }
        if (signal.getMajority() != null && !signal.getTruth().equals(signal.getMajority())) {
            profile.setMissedOutcomes(profile.getMissedOutcomes() + 1);
            profile.setMissedRight(profile.getMissedRight() + right);
        }
        Double support = signal.getPosterior().get(signal.getChoice());
        if (support != null) {
            profile.setOutcomeVotes(profile.getOutcomeVotes() + 1);
            profile.setOutcomeSupport(profile.getOutcomeSupport() + support);
            profile.setOutcomeRight(profile.getOutcomeRight() + right);
        }
    }

    /** A vote excluded as Byzantine from a reached decision, beside the plurality of the decision's counted votes. */
    static void onExcludedVote(AgentProfile profile, ReputationSignal signal) {
        profile.setExcludedVotes(profile.getExcludedVotes() + 1);
        profile.setExcludedWithMajority(profile.getExcludedWithMajority() + (signal.getChoice().equals(signal.getMajority()) ? 1 : 0));
    }

    /** An embedding-based observation from the detector's side path. */
    static void onQuality(AgentProfile profile, JustificationQuality quality) {
        long n = profile.getQualitySamples();
        double mean = profile.getRelevance() < 0 ? 0.0 : profile.getRelevance();
        profile.setRelevance((mean * n + quality.getRelevance()) / (n + 1));
        profile.setQualitySamples(n + 1);
        if (quality.getSelfSimilarity() >= SEMANTIC_COPY_SIMILARITY) {
            profile.setSemanticSelfCopies(profile.getSemanticSelfCopies() + 1);
        }
    }

    private static void rememberJustification(AgentProfile profile, ReputationSignal signal) {
        List<String> options = new ArrayList<>(signal.getPosterior().keySet());
        List<String> tokens = TextFingerprint.tokens(signal.getJustification(), options);
        TextFingerprint.Print fingerprint = TextFingerprint.print(tokens);
        if (fingerprint.distinctBigrams() < TextFingerprint.MIN_BIGRAMS) {
            return;
        }
        long print = fingerprint.simhash();
        profile.setJustifiedVotes(profile.getJustifiedVotes() + 1);
        for (long earlier : profile.getJustificationPrints()) {
            if (TextFingerprint.similarity(earlier, print) >= SELF_COPY_SIMILARITY) {
                profile.setSelfCopies(profile.getSelfCopies() + 1);
                break;
            }
        }
        List<Long> prints = profile.getJustificationPrints();
        prints.add(0, print);
        while (prints.size() > PRINTS) {
            prints.remove(prints.size() - 1);
        }
    }

    /** Counts a key, forgetting the rarest key (ties by name) when the map is full. */
    private static void increment(Map<String, Long> counts, String key, int max) {
        if (key == null) {
            return;
        }
        if (!counts.containsKey(key) && counts.size() >= max) {
            counts.entrySet().stream().min(Map.Entry.<String, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                    .ifPresent(rarest -> counts.remove(rarest.getKey()));
        }
        counts.merge(key, 1L, Long::sum);
    }
}
