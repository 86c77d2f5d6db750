package io.synod.reputation;

import io.synod.config.SynodConfig;
import io.synod.events.Choices;
import io.synod.schemas.AgentProfile;
import io.synod.schemas.Reputation;
import io.synod.schemas.internal.PeerEvidence;
import io.synod.schemas.internal.PeerStats;
import io.synod.schemas.internal.PeerVote;
import java.util.List;

/**
 * Colluders never disagree. Honest voters err independently, so two of them disagree about as
 * often as their accuracies imply; an agent that, over many co-votes, (almost) never disagrees with
 * at least {@code minPartners} others whose accuracies imply frequent disagreement is part of a bloc.
 * The expectation uses both agents' current accuracies (early estimates are too uncertain: two
 * excellent agents would look coordinated) and the two-option formula, which expects the least
 * disagreement and so flags the least.
 *
 * @param minCovotes                co-votes before a pair is judged
 * @param maxDisagreement           observed disagreement rate at or below which a pair looks coordinated
 * @param minExpectedDisagreement   expected disagreement rate at or above which independence is testable
 * @param minPartners               coordinated partners that make an agent part of a bloc
 * @param maxTracked                co-voters remembered per agent (the least seen are forgotten)
 * @param echoSignificance          chance below which a run of agreements without one disagreement makes two
 *                                  voters echoes before {@code minCovotes} (0: only the collusion test's pairs)
 */
public record CollusionCheck(long minCovotes, double maxDisagreement, double minExpectedDisagreement, int minPartners, int maxTracked,
                             double echoSignificance) {
    /** Echoes kept per agent: a round's group of echoes is bounded by its voters anyway. */
    static final int MAX_ECHOES = 64;
    /** Co-votes before a run of agreements can make an echo, whatever the accuracies. */
    static final long MIN_ECHO_COVOTES = 10;

    public static CollusionCheck from(SynodConfig config) {
        return new CollusionCheck(config.getLong("detector.collusion.min.covotes"),
                config.getDouble("detector.collusion.max.disagreement"),
                config.getDouble("detector.collusion.min.expected.disagreement"),
                // With cross-agent verification off no number of partners is enough.
                config.getBoolean("detector.cross.enabled") ? config.getInt("detector.collusion.min.partners") : Integer.MAX_VALUE, 128,
                config.getDouble("detector.echo.significance"));
    }

    /** A working copy of an agent's stored evidence (null: none yet), for {@link #record}. */
    PeerBook open(PeerEvidence stored) {
        return PeerBook.of(stored, maxTracked, this::neverDisagrees, this::echoes);
    }

    /** Adds one vote's comparisons to the book, forgetting the least-seen co-voter for each newcomer when full. */
    void record(PeerBook book, List<PeerVote> votes) {
        for (PeerVote vote : votes) {
            PeerStats stats = book.get(vote.getAgentId());
            if (stats == null && book.size() >= maxTracked) {
                book.evictLeastSeen();
            }
            // A known co-voter's stats change in place (the book's map is the evidence the updater writes
            // after every change), without the boxed constructor arguments: this runs per co-voter.
            PeerStats next = stats;
            if (next == null) {
                next = new PeerStats(0L, 0L, 0.0);
            }
            next.setCovotes(next.getCovotes() + 1);
            next.setAgreements(next.getAgreements() + (vote.getAgreed() ? 1 : 0));
            next.setPeerAccuracy(vote.getAccuracy());
            boolean coordinated = neverDisagrees(next);
            book.put(vote.getAgentId(), next, coordinated, coordinated || echoesEarly(next));
        }
    }

    /**
     * The co-voters this agent has (almost) never disagreed with over at least {@code minCovotes}
     * co-votes, sorted, at most {@code MAX_ECHOES}. Unlike {@link #isColluding} there is no floor on
     * the disagreement the accuracies expect: two excellent honest agents that always agree lose
     * nothing by being counted as one voice, while a bloc that copies the accurate majority to build
     * reputation is kept from outvoting it with that reputation multiplied by its size.
     */
    List<String> echoes(PeerBook book) {
        if (minPartners == Integer.MAX_VALUE) {
            // Cross-agent verification is off: no evidence about agents' independence is used.
            return List.of();
        }
        return book.echoes(MAX_ECHOES);
    }

    /**
     * The collusion test's pairs, and before {@code minCovotes} a pair that has never disagreed where two
     * independent voters of the co-voter's accuracy would have by now (below {@code echoSignificance};
     * the two-option formula, which expects the least disagreement). A bloc that copies the crowd
     * stops multiplying its weight after a dozen or two co-votes in a crowd that often disagrees,
     * while two honest agents in an accurate crowd, which may agree forty times running, wait for
     * the collusion test's forty co-votes as before. The early way ends at the first disagreement.
     */
    private boolean echoes(PeerStats stats) {
        return neverDisagrees(stats) || echoesEarly(stats);
    }

    /** The early half of {@link #echoes}: no disagreement yet over a run independent voters would hardly make. */
    private boolean echoesEarly(PeerStats stats) {
        long n = stats.getCovotes();
        if (echoSignificance <= 0 || n < MIN_ECHO_COVOTES || stats.getAgreements() < n) {
            return false;
        }
        double q = stats.getPeerAccuracy();
        double agreement = q * q + (1 - q) * (1 - q);
        return n * Math.log(agreement) < Math.log(echoSignificance);
    }

    /** At least {@code minCovotes} co-votes with disagreements on at most {@code maxDisagreement} of them. */
    private boolean neverDisagrees(PeerStats stats) {
        long n = stats.getCovotes();
        return n >= minCovotes && n - stats.getAgreements() <= maxDisagreement * n;
    }

    /**
     * The agent's side of the expectation: its accuracy, or how often it agreed with the decisions
     * when that is higher. An accurate agent that votes with the crowd errs where the crowd errs, so
     * it agrees with anyone who copies the crowd more often than its accuracy against the truth
     * implies; where outcomes are plentiful that accuracy falls below its agreement with the
     * decisions, and the two-option formula would then call forty agreements with a copier improbable.
     */
    static double ownRate(Reputation reputation) {
        double agreement = reputation.getVotes() == 0 ? 0.0 : (double) reputation.getAgreements() / reputation.getVotes();
        return Math.max(reputation.getAccuracy(), agreement);
    }

    /**
     * The share of the agent's counted votes that went to the option it chose most (0 without any):
     * a voter that (nearly) always picks one option agrees with anyone else who does, whatever the
     * proposals were, so two such voters never disagreeing is what independence expects of them.
     */
    static double ownTopShare(AgentProfile profile) {
        return profile == null ? 0.0 : Choices.topShare(profile.getChoiceCounts());
    }

    /**
     * Whether the agent never disagrees with at least {@code minPartners} co-voters where independent
     * voters would. The disagreement independence expects is the lower of the accuracies' (two voters
     * erring independently) and what the agent's own choices allow (a partner choosing the agent's usual
     * option every time, as another voter that ignores the proposals would): the real crowd worker who
     * labels nearly every item alike and two idle members that always pick that label are not a bloc.
     */
    boolean isColluding(PeerBook book, double ownAccuracy, double ownTopShare) {
        int partners = 0;
        double choicesAllow = 1.0 - ownTopShare;
        for (String partner : book.coordinated()) {
            double p = ownAccuracy;
            double q = book.get(partner).getPeerAccuracy();
            double expectedDisagreement = Math.min(1.0 - (p * q + (1 - p) * (1 - q)), choicesAllow);
            if (expectedDisagreement >= minExpectedDisagreement && ++partners >= minPartners) {
                return true;
            }
        }
        return false;
    }
}
