package io.synod.detector;

import io.synod.events.Choices;
import io.synod.schemas.AgentProfile;
import io.synod.stats.BinomialTail;
import io.synod.text.TextFingerprint;

/**
 * Method 4, vote patterns. On this proposal: changing one's choice between rounds while repeating
 * one's own argument (no new argument, so no reason to change), and arriving in a burst of many
 * agents' votes far faster than this tenant's agents usually vote. Over the agent's history (its
 * profile): always the same option whatever the proposal, agreeing with the decisions far less
 * often than a random voter would (a contrarian), and flip-flopping habitually. The statistical
 * verdicts (quarantine) are reputation-stream's; here they are weak hints on each vote.
 */
final class VotePatterns implements DetectionMethod {
    static final String FLIP_FLOP = "flip_flop_without_new_argument";
    static final String HABITUAL_FLIP_FLOP = "habitual_flip_flopping";
    static final String ALWAYS_SAME = "always_same_option";
    static final String CONTRARIAN = "contrarian_beyond_chance";
    static final String BURST = "vote_burst";
    private static final long MIN_HISTORY = 30;
    private static final double SAME_SHARE = 0.98;

    private final DetectorSettings settings;

    VotePatterns(DetectorSettings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return "patterns";
    }

    @Override
    public MethodScore score(VoteContext context) {
        MethodScore.Builder findings = new MethodScore.Builder(0.3);
        RoundMemory.Print previous = context.previous();
        if (previous != null && !previous.choice().equals(context.vote().getChoice()) && context.comparable() && previous.comparable()
                && TextFingerprint.similarity(previous.print(), context.print()) >= settings.flipFlopSimilarity()) {
            findings.add(0.2, FLIP_FLOP);
        }
        if (context.burstSize() >= settings.burstMinVotes()) {
            findings.add(0.15, BURST);
        }
        AgentProfile profile = context.profile();
        if (profile != null) {
            if (profile.getFlipFlops() >= 3 && profile.getFlipFlops() >= 0.5 * profile.getLaterRoundVotes()) {
                findings.add(0.2, HABITUAL_FLIP_FLOP);
            }
            if (alwaysSame(profile)) {
                findings.add(0.1, ALWAYS_SAME);
            }
            if (contrarian(profile, settings.contrarianHint())) {
                findings.add(0.2, CONTRARIAN);
            }
        }
        return findings.build();
    }

    /** One option on (nearly) every vote although the decisions it took part in went more than one way. */
    static boolean alwaysSame(AgentProfile profile) {
        long total = 0;
        for (long count : profile.getChoiceCounts().values()) {
            total += count;
        }
        boolean decisionsVaried = profile.getDecisionVotes() > 0
                && profile.getDecisionAgreements() < 0.9 * profile.getDecisionVotes();
        return total >= MIN_HISTORY && Choices.topShare(profile.getChoiceCounts()) >= SAME_SHARE && decisionsVaried;
    }

    /** Agreement with decisions below 70% of what a random voter would reach, at the given significance. */
    static boolean contrarian(AgentProfile profile, double significance) {
        long n = profile.getDecisionVotes();
        if (n < 20) {
            return false;
        }
        return BinomialTail.farBelow(profile.getDecisionAgreements(), n, 0.7 * profile.getChanceAgreements() / n, significance);
    }
}
