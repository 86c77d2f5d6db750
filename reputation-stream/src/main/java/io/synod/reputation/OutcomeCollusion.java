package io.synod.reputation;

import io.synod.config.SynodConfig;
import io.synod.events.Choices;
import io.synod.schemas.Ballot;
import io.synod.schemas.Decision;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Collusion seen against ground truth: four agents every pair of which chose the same wrong option
 * on proposals with a known outcome far more often than their accuracies explain. A camouflaged
 * bloc that wins its attacks sits on the winning side of the decisions, so {@link GroupCollusion}
 * never sees it together on a losing option; the truth, when it arrives, is the one reference the
 * bloc cannot move. Outcomes are few, so the null is the simplest one: two agents err on the same
 * option independently, with chance {@code e_i * e_j / (k - 1)} for error rates {@code e} from their
 * accuracies and {@code k} options. A pair is tracked from its first co-presence on a proposal with
 * a known outcome; it is significant once it erred together at least twice with a Poisson tail below
 * a per-pair level {@code t}, and each of the two joined the other's wrong choices more often than
 * its own error rate allows (tail below {@code t} too: an honest agent erring beside a bloc member
 * is on that member's option by its own chance, not beyond it), {@code t} chosen so that, were pairs independent, the chance of any four agents of
 * the tenant forming a complete group by accident, {@code C(n, 4) * t^6}, stays below
 * {@code significance} ({@code n} the agents the tracked pairs would connect). The four members of
 * a group of four whose six pairs are all significant are quarantined.
 *
 * @param significance family-wise level for a group of four
 * @param maxVoters    counted voters of a proposal considered
 * @param maxTracked   pairs tracked per tenant; later pairs are not tracked
 */
public record OutcomeCollusion(double significance, int maxVoters, long maxTracked) {
    private static final double MIN_ERROR = 0.02;
    private static final long MIN_TOGETHER = 2;
    private static final char SEPARATOR = '\u0000';

    /** Where the evidence lives: a pair's counts by key, and the tenant's tracked count, significant pairs and flagged agents. */
    interface Evidence {
        PairStats pair(String key);

        void pair(String key, PairStats stats);

        TenantGroups groups();

        void groups(TenantGroups groups);
    }

    /** The agents this outcome makes part of a group of four that errs together (each reported once). */
    List<String> onOutcome(Decision decision, String truth, Evidence evidence) {
        if (significance <= 0.0 || truth == null) {
            return List.of();
        }
        List<Ballot> voters = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Ballot ballot : decision.getBallots()) {
            if (voters.size() < maxVoters && !Choices.ABSTAIN.equals(ballot.getChoice()) && seen.add(ballot.getAgentId())) {
                voters.add(ballot);
            }
        }
        voters.sort(java.util.Comparator.comparing(Ballot::getAgentId));
        int options = Math.max(2, decision.getDistribution().size());
        TenantGroups groups = evidence.groups();
        long tracked = groups.tracked();
        Set<String> newlySignificant = new LinkedHashSet<>();
        for (int a = 0; a < voters.size(); a++) {
            for (int b = a + 1; b < voters.size(); b++) {
                Ballot x = voters.get(a);
                Ballot y = voters.get(b);
                if (x.getSuspicion() >= 1.0 && y.getSuspicion() >= 1.0) {
                    continue;
                }
                String key = key(x.getAgentId(), y.getAgentId());
                PairStats stats = evidence.pair(key);
                if (stats == null) {
                    if (tracked >= maxTracked) {
                        continue;
                    }
                    stats = new PairStats(0, 0.0, 0.0, 0.0);
                    tracked++;
                }
                boolean together = x.getChoice().equals(y.getChoice()) && !x.getChoice().equals(truth);
                // Each one's chance of joining the other's wrong choice, counted when the other made one.
                double joinsY = y.getChoice().equals(truth) ? 0.0 : error(x) / (options - 1);
                double joinsX = x.getChoice().equals(truth) ? 0.0 : error(y) / (options - 1);
                PairStats next = new PairStats(stats.observed() + (together ? 1 : 0),
                        stats.expected() + error(x) * error(y) / (options - 1), stats.expectedA() + joinsY, stats.expectedB() + joinsX);
                evidence.pair(key, next);
                double level = logPairLevel(tracked);
                if (together && next.observed() >= MIN_TOGETHER && !groups.significant().contains(key)
                        && next.logTail() < level && next.logMemberTail() < level) {
                    newlySignificant.add(key);
                }
            }
        }
        if (newlySignificant.isEmpty()) {
            if (tracked != groups.tracked()) {
                evidence.groups(groups.withTracked(tracked));
            }
            return List.of();
        }
        Set<String> significant = new LinkedHashSet<>(groups.significant());
        significant.addAll(newlySignificant);
        Set<String> flagged = new TreeSet<>(groups.flagged());
        List<String> found = new ArrayList<>();
        for (String key : newlySignificant) {
            for (String agent : groupsOfFour(key, significant)) {
                if (flagged.add(agent)) {
                    found.add(agent);
                }
            }
        }
        evidence.groups(new TenantGroups(tracked, List.copyOf(significant), List.copyOf(flagged)));
        return found;
    }

    private static double error(Ballot ballot) {
        return Math.min(1.0 - MIN_ERROR, Math.max(MIN_ERROR, 1.0 - ballot.getAccuracy()));
    }

    /** log t with C(n, 4) * t^6 = significance, n the agents that {@code tracked} pairs would connect completely. */
    double logPairLevel(long tracked) {
        double n = Math.max(4.0, (1.0 + Math.sqrt(1.0 + 8.0 * tracked)) / 2.0);
        double logGroups = Math.log(n) + Math.log(n - 1) + Math.log(n - 2) + Math.log(n - 3) - Math.log(24.0);
        return (Math.log(significance) - Math.max(0.0, logGroups)) / 3.0;
    }

    /** The members of every group of four that contains this pair and whose six pairs are all significant. */
    private static Set<String> groupsOfFour(String key, Set<String> significant) {
        String[] pair = key.split(String.valueOf(SEPARATOR));
        Set<String> common = new TreeSet<>(partners(pair[0], significant));
        common.retainAll(partners(pair[1], significant));
        List<String> candidates = new ArrayList<>(common);
        Set<String> members = new TreeSet<>();
        for (int i = 0; i < candidates.size(); i++) {
            for (int j = i + 1; j < candidates.size(); j++) {
                if (significant.contains(key(candidates.get(i), candidates.get(j)))) {
                    members.add(pair[0]);
                    members.add(pair[1]);
                    members.add(candidates.get(i));
                    members.add(candidates.get(j));
                }
            }
        }
        return members;
    }

    private static Set<String> partners(String agent, Set<String> significant) {
        Set<String> partners = new TreeSet<>();
        for (String other : significant) {
            String[] pair = other.split(String.valueOf(SEPARATOR));
            if (pair[0].equals(agent)) {
                partners.add(pair[1]);
            } else if (pair[1].equals(agent)) {
                partners.add(pair[0]);
            }
        }
        return partners;
    }

    /** The pair's key: its two agent ids in order. */
    static String key(String a, String b) {
        return a.compareTo(b) <= 0 ? a + SEPARATOR + b : b + SEPARATOR + a;
    }
}
