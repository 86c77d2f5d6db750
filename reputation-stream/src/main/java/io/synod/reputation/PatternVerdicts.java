package io.synod.reputation;

import static io.synod.stats.BinomialTail.farBelow;

import io.synod.config.SynodConfig;
import io.synod.schemas.AgentProfile;
import io.synod.stats.BinomialTail;
import java.util.Set;

/**
 * Verdicts on an agent's voting history against the decisions, which need no ground truth:
 * <ul>
 * <li>contrarian: over all its counted votes it agreed with the decisions far less often than a
 * voter picking at random would (below 70% of chance, binomial tail below {@code contrarian}), or
 * less than half as often as such a voter, with a tail below 70% of chance under {@code inverted} or a
 * tail below chance itself under {@code invertedAtChance}: an agent that inverted is no longer within
 * the range of honest error whatever its reasons, so the looser levels are enough, and they are what
 * catch a contrarian within its first hundred votes (docs/decisions/0074). The second catches one
 * that picks among several wrong options, half of chance and no further below (decision 0079);</li>
 * <li>sleeper: its recent votes (a suffix of 16 to 64) fell below {@code sleeperChance} of chance
 * ({@code window}) and far below its own earlier agreement rate ({@code change}): an honest agent that
 * gets worse drifts toward chance, it does not start voting against the decisions. The margin under
 * chance is smaller than the contrarian's because the change test already asks for a turn
 * (docs/decisions/0070). Where ground truth corroborates the turn (at least two outcomes on votes
 * inside the suffix, every one of them wrong) a looser level for the suffix ({@code corroborated}) is
 * enough, and with three such outcomes the suffix need only be below chance itself: a sleeper's first
 * weeks after turning are too few votes for the strict level, sleepers that turn together still win
 * some of their proposals and so agree with some decisions (decision 0092), and an honest agent
 * drifting toward chance is still right about half the time against the truth;</li>
 * <li>flip-flopping: at least {@code minFlipFlops} changes of choice between rounds with no new
 * argument, making up at least {@code flipFlopRate} of its later-round votes.</li>
 * </ul>
 * Inaccurate honest agents sit near chance, not far below it; that is what keeps them unflagged.
 */
record PatternVerdicts(double contrarian, double inverted, double invertedAtChance, double window, double change, double corroborated,
                       double sleeperChance, long minFlipFlops, double flipFlopRate) {
    static final String CONTRARIAN = "contrarian";
    static final String SLEEPER = "sleeper";
    /** The verdicts that rest on the agent's agreement with the decisions alone, which {@link Reinstatement} may revise. */
    static final Set<String> AGAINST_DECISIONS = Set.of(CONTRARIAN, SLEEPER);
    private static final double FAR_BELOW_CHANCE = 0.7;
    private static final double INVERTED = 0.5;
    private static final long MIN_VOTES = 20;
    private static final int MIN_WINDOW = 16;
    private static final long MIN_EARLIER = 20;
    private static final int MIN_WRONG_OUTCOMES = 2;
    /** An agent at chance is found wrong by two outcomes in four, by three in eight (decision 0092). */
    private static final int MIN_WRONG_OUTCOMES_AT_CHANCE = 3;

    static PatternVerdicts from(SynodConfig config) {
        return new PatternVerdicts(config.getDouble("detector.contrarian.significance"),
                config.getDouble("detector.contrarian.inverted.significance"), config.getDouble("detector.contrarian.inverted.chance.significance"),
                config.getDouble("detector.sleeper.window.significance"), config.getDouble("detector.sleeper.change.significance"),
                config.getDouble("detector.sleeper.corroborated.significance"), config.getDouble("detector.sleeper.chance.factor"),
                config.getLong("detector.flipflop.min"), config.getDouble("detector.flipflop.rate"));
    }

    /** The reason to quarantine the agent, or null. */
    String verdict(AgentProfile profile) {
        long n = profile.getDecisionVotes();
        if (n >= MIN_VOTES && contrarian(profile.getDecisionAgreements(), n, profile.getChanceAgreements())) {
            return CONTRARIAN;
        }
        if (sleeper(profile)) {
            return SLEEPER;
        }
        if (profile.getFlipFlops() >= minFlipFlops && profile.getFlipFlops() >= flipFlopRate * profile.getLaterRoundVotes()) {
            return "flip_flopping";
        }
        return null;
    }

    /** {@code agreed} of {@code n} votes with the decisions, where a random voter would expect {@code chance}. */
    private boolean contrarian(long agreed, long n, double chance) {
        double farBelowChance = tailBelow(agreed, n, FAR_BELOW_CHANCE * chance / n);
        return farBelowChance < contrarian || (agreed < INVERTED * chance
                && (farBelowChance < inverted || tailBelow(agreed, n, chance / n) < invertedAtChance));
    }

    /**
     * P(X <= k) for X ~ Binomial(n, p) when k is below the mean, else NaN, which no level passes: the
     * test of {@code BinomialTail.farBelow} in two halves, so that one tail, summed once, is compared
     * with each level the verdicts ask of it (this runs on every counted vote of every agent).
     */
    private static double tailBelow(long k, long n, double p) {
        return k < n * p ? BinomialTail.atMost(k, n, p) : Double.NaN;
    }

    private boolean sleeper(AgentProfile profile) {
        int recent = profile.getRecentChance().size();
        long total = profile.getDecisionVotes();
        long bits = profile.getRecentAgreed();
        int agreedInWindow = 0;
        double chanceInWindow = 0.0;
        for (int length = 1; length <= recent; length++) {
            agreedInWindow += (int) ((bits >>> (length - 1)) & 1L);
            chanceInWindow += profile.getRecentChance().get(length - 1);
            long earlier = total - length;
            if (length < MIN_WINDOW || length % 4 != 0 || earlier < MIN_EARLIER) {
                continue;
            }
            long earlierAgreed = profile.getDecisionAgreements() - agreedInWindow;
            double earlierRate = (earlierAgreed + 1.0) / (earlier + 2.0);
            // The tests against chance first: for an agent near its usual rate they end without summing a tail.
            double belowChance = sleeperChance * chanceInWindow / length;
            // Where the truth corroborates the turn, below 85% of chance is enough, or below chance itself with
            // a third wrong outcome (decision 0092).
            double tail = tailBelow(agreedInWindow, length, belowChance);
            boolean turned = tail < window
                    || (tail < corroborated && onlyWrongOutcomesSince(profile, total - length, MIN_WRONG_OUTCOMES))
                    || (onlyWrongOutcomesSince(profile, total - length, MIN_WRONG_OUTCOMES_AT_CHANCE)
                            && tailBelow(agreedInWindow, length, chanceInWindow / length) < corroborated);
            if (turned && farBelow(agreedInWindow, length, earlierRate, change)) {
                return true;
            }
        }
        return false;
    }

    /**
     * At least two ground truths arrived on votes after the first {@code before} of the agent's
     * votes, and every one said it was wrong. An outcome is placed by the agent's vote count when it
     * arrived, a few votes after the vote it judges at most, so the count errs toward inside.
     */
    private static boolean onlyWrongOutcomesSince(AgentProfile profile, long before, int minWrong) {
        int wrong = 0;
        for (long outcome : profile.getRecentOutcomes()) {
            if (outcome / 2 <= before) {
                break;
            }
            if (outcome % 2 == 1) {
                return false;
            }
            wrong++;
        }
        return wrong >= minWrong;
    }
}
