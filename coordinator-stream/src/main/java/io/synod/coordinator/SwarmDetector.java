package io.synod.coordinator;

import io.synod.schemas.AgentRegistration;
import io.synod.schemas.Ballot;
import io.synod.schemas.Reputation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Sybil swarms: at least {@code minSize} agents with (almost) no voting history, registered in one
 * burst shortly before the round, voting for the same option with near-identical justifications,
 * in a round where established agents vote too. Honest newcomers arrive one by one and write their
 * own words; a swarm arrives together and copies. Only the copies are the swarm: a fresh honest agent
 * that happens to vote the swarm's option in its own words (where everyone registered at once, say
 * at a tenant's start) is judged by its own text, not by the group it fell into.
 *
 * @param minSize       how many fresh agents make a swarm
 * @param freshVotes    agents with fewer counted votes than this are fresh
 * @param burstMs       registrations within this window of each other, and of the round, form a burst
 * @param minSimilarity mean pairwise similarity of the group's justifications (word bigram Jaccard)
 */
public record SwarmDetector(int minSize, int freshVotes, long burstMs, double minSimilarity) {

    Set<String> swarm(List<Ballot> ballots, List<String> options, long roundOpenedAtMs,
                      Function<String, Reputation> reputationOf, Function<String, AgentRegistration> registrationOf) {
        Map<String, List<Ballot>> freshByChoice = new LinkedHashMap<>();
        boolean anyEstablished = false;
        for (Ballot ballot : ballots) {
            Reputation reputation = reputationOf.apply(ballot.getAgentId());
            if (reputation == null || reputation.getVotes() < freshVotes) {
                freshByChoice.computeIfAbsent(ballot.getChoice(), c -> new ArrayList<>()).add(ballot);
            } else {
                anyEstablished = true;
            }
        }
        Set<String> swarm = new HashSet<>();
        if (!anyEstablished) {
            return swarm;
        }
        for (List<Ballot> group : freshByChoice.values()) {
            if (group.size() < minSize) {
                continue;
            }
            long[][] shingles = JustificationSimilarity.shingles(group.stream().map(Ballot::getJustification).toList(), options);
            boolean[] stranger = new boolean[group.size()];
            double similarity = withoutStrangers(shingles, stranger);
            List<Ballot> copies = new ArrayList<>();
            for (int i = 0; i < group.size(); i++) {
                if (!stranger[i]) {
                    copies.add(group.get(i));
                }
            }
            if (copies.size() >= minSize && similarity >= minSimilarity
                    && registeredInOneRecentBurst(copies, roundOpenedAtMs, registrationOf)) {
                copies.forEach(ballot -> swarm.add(ballot.getAgentId()));
            }
        }
        return swarm;
    }

    /**
     * Marks the group's strangers and returns the mean pairwise similarity of the rest: one at a time,
     * the member least alike to the others leaves while its mean similarity to them is below half of
     * {@code minSimilarity}. A swarm's copies stay together (their similarity is the swarm's); an agent
     * writing its own words does not. Each member's sum of similarities to the others is kept and
     * lowered as members leave (a leaver's pairs are compared again then), so no matrix is held and no
     * mean is summed afresh (groups can be large).
     */
    private double withoutStrangers(long[][] shingles, boolean[] stranger) {
        int n = shingles.length;
        double[] sums = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double similarity = JustificationSimilarity.jaccard(shingles[i], shingles[j]);
                sums[i] += similarity;
                sums[j] += similarity;
            }
        }
        int size = n;
        while (size >= minSize) {
            int leaving = -1;
            double lowest = minSimilarity / 2 * (size - 1);
            for (int i = 0; i < n; i++) {
                if (!stranger[i] && sums[i] < lowest) {
                    lowest = sums[i];
                    leaving = i;
                }
            }
            if (leaving < 0) {
                break;
            }
            stranger[leaving] = true;
            size--;
            for (int i = 0; i < n; i++) {
                if (!stranger[i]) {
                    sums[i] -= JustificationSimilarity.jaccard(shingles[i], shingles[leaving]);
                }
            }
        }
        double total = 0.0;
        for (int i = 0; i < n; i++) {
            total += stranger[i] ? 0.0 : sums[i];
        }
        // Every pair is in two members' sums.
        return size < 2 ? 0.0 : total / ((double) size * (size - 1));
    }

    /**
     * The swarm's members that registered more than a burst after the earliest registration among the round's
     * established voters: identities that arrived into a tenant already at work. At a tenant's start everyone
     * registers at once, and a group of fresh agents that falls together there may be honest workers writing
     * from one stock of phrases beside a bloc's copies; only a late arrival is conclusive on its first sighting
     * (decision 0107). A registration updated since counts from its update, which only makes an agent look newer.
     */
    Set<String> arrivedLate(Set<String> swarm, List<Ballot> ballots, Function<String, Reputation> reputationOf,
                            Function<String, AgentRegistration> registrationOf) {
        long earliestEstablished = Long.MAX_VALUE;
        for (Ballot ballot : ballots) {
            Reputation reputation = reputationOf.apply(ballot.getAgentId());
            AgentRegistration registration = registrationOf.apply(ballot.getAgentId());
            if (reputation != null && reputation.getVotes() >= freshVotes && registration != null) {
                earliestEstablished = Math.min(earliestEstablished, registration.getUpdatedAtMs());
            }
        }
        Set<String> late = new HashSet<>();
        if (earliestEstablished == Long.MAX_VALUE) {
            return late;
        }
        for (String member : swarm) {
            AgentRegistration registration = registrationOf.apply(member);
            if (registration != null && registration.getUpdatedAtMs() - earliestEstablished > burstMs) {
                late.add(member);
            }
        }
        return late;
    }

    private boolean registeredInOneRecentBurst(List<Ballot> group, long roundOpenedAtMs, Function<String, AgentRegistration> registrationOf) {
        long[] registered = group.stream().map(b -> registrationOf.apply(b.getAgentId()))
                .filter(r -> r != null && roundOpenedAtMs - r.getUpdatedAtMs() <= burstMs)
                .mapToLong(AgentRegistration::getUpdatedAtMs).sorted().toArray();
        int best = 0;
        int from = 0;
        for (int to = 0; to < registered.length; to++) {
            while (registered[to] - registered[from] > burstMs) {
                from++;
            }
            best = Math.max(best, to - from + 1);
        }
        return best >= minSize;
    }
}
