package io.synod.reputation;

import io.synod.config.SynodConfig;
import io.synod.events.Choices;
import io.synod.events.QuarantineReasons;
import io.synod.schemas.Ballot;
import io.synod.schemas.Decision;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Group evidence of collusion: agents that sit together on the same losing option far more often
 * than their accuracies explain, as a group of four. Honest agents err on hard proposals, so the
 * null is conditioned on each proposal: if {@code m} of its counted voters chose a losing option,
 * agent i is among them with probability proportional to {@code w_i}, the odds of being wrong
 * from its accuracy (at most 1; see {@link #shares}). A triple is tracked from its first
 * co-occurrence on a losing option (that sighting is the condition, not evidence); it becomes
 * significant when its co-occurrences exceed the product of its members' chances with a Poisson
 * tail below {@code significance} divided by the number of triples tracked, and each member joined
 * the other two, when they sat together on a losing option, more often than its own chance allows
 * (tail below {@code significance}). The second test matters: two colluders are always together,
 * and an honest agent who errs as often as its accuracy says is no third member of theirs. Nor is one that
 * joins them often but not reliably: colluders lie together, so each member must have joined the other
 * two on at least {@code minJoinRate} of the decisions it voted on while they sat together on a losing
 * option, where a school of honest workers who read items alike joins 60-85% of the time. Real crowds
 * have honest triples that pass that test (schools of workers who read items alike); what they
 * did not show is four agents every triple of which passes it, while a bloc of five or more that
 * lies together forms many such groups. The four are quarantined. Beside two members quarantined on
 * other evidence (the pair check, a contrarian or swarm verdict) a triple's own count means nothing
 * (they are always together), so there only the third's member test counts: an agent that joins three
 * known colluders, pair by pair, on their losing options more often than its chance allows completes a
 * group of four with them and is quarantined too. Members this check quarantined itself are no such
 * known colluders: beside them the whole test applies, so that one honest school taken for a group
 * does not pull in, one after another, every worker who reads items like it.
 *
 * @param significance family-wise level, divided by the tenant's tracked triples
 * @param maxVoters    counted voters of a decision considered (bounds the cost: C(24,3) triples)
 * @param maxTracked   triples tracked per tenant; later triples are not tracked
 * @param minJoinRate  the least share of its occasions on which each member joined the other two (decision 0089)
 */
public record GroupCollusion(double significance, int maxVoters, long maxTracked, double minJoinRate) {
    static final int GROUP = 4;
    private static final double MIN_ERROR = 0.02;
    private static final char SEPARATOR = '\u0000';
    /** The flag reason of an agent this check quarantined. */
    static final String REASON = "group_collusion";
    private static final String OWN_QUARANTINE = QuarantineReasons.onBallot(REASON);

    public static GroupCollusion from(SynodConfig config) {
        // With cross-agent verification off no group is ever significant.
        return new GroupCollusion(config.getBoolean("detector.cross.enabled") ? config.getDouble("detector.group.significance") : 0.0,
                config.getInt("detector.group.max.voters"), config.getLong("detector.group.max.tracked"),
                config.getDouble("detector.group.min.join.rate"));
    }

    /**
     * Where the evidence lives: the tracked triples by their first two members (in id order), and
     * the tenant's significant triples and flagged agents.
     */
    interface Evidence {
        PairTriples pair(String first, String second);

        void pair(String first, String second, PairTriples triples);

        TenantGroups groups();

        void groups(TenantGroups groups);
    }

    /** The agents this decision makes part of a colluding group of four (each reported once). */
    List<String> onDecision(Decision decision, Evidence evidence) {
        if (significance <= 0.0 || decision.getDecision() == null) {
            return List.of();
        }
        List<Ballot> voters = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        for (Ballot ballot : decision.getBallots()) {
            if (voters.size() < maxVoters && !Choices.ABSTAIN.equals(ballot.getChoice())
                    && seen.add(ballot.getAgentId())) {
                voters.add(ballot);
            }
        }
        voters.sort(java.util.Comparator.comparing(Ballot::getAgentId));
        int n = voters.size();
        if (n < GROUP) {
            return List.of();
        }
        double[] odds = new double[n];
        Map<String, Integer> losing = new HashMap<>();
        for (int i = 0; i < n; i++) {
            double error = Math.min(1.0 - MIN_ERROR, Math.max(MIN_ERROR, 1.0 - voters.get(i).getAccuracy()));
            odds[i] = error / (1.0 - error);
            if (!voters.get(i).getChoice().equals(decision.getDecision())) {
                losing.merge(voters.get(i).getChoice(), 1, Integer::sum);
            }
        }
        if (losing.isEmpty()) {
            return List.of();
        }
        List<double[]> shares = new ArrayList<>();
        Map<String, Integer> optionIndex = new HashMap<>();
        for (Map.Entry<String, Integer> option : losing.entrySet()) {
            optionIndex.put(option.getKey(), shares.size());
            shares.add(shares(option.getValue(), odds));
        }
        TenantGroups groups = evidence.groups();
        long tracked = groups.tracked();
        Set<String> newlySignificant = new LinkedHashSet<>();
        String[] ids = new String[n];
        // Each voter's losing option as an index into shares, or -1 when it chose the decision.
        int[] lose = new int[n];
        int[] excluded = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = voters.get(i).getAgentId();
            lose[i] = optionIndex.getOrDefault(voters.get(i).getChoice(), -1);
            excluded[i] = excluded(voters.get(i));
        }
        double[][] share = shares.toArray(new double[0][]);
        double significantTail = Math.log(significance);
        // Voters are in id order, so a < b < c is each triple's key order and a pair's thirds are
        // walked in step with the voters after b.
        for (int a = 0; a < n; a++) {
            for (int b = a + 1; b < n; b++) {
                boolean pairTogether = lose[a] >= 0 && lose[a] == lose[b];
                PairTriples pair = evidence.pair(ids[a], ids[b]);
                if (pair == null && !pairTogether) {
                    // No triple of this pair is tracked, and none starts today.
                    continue;
                }
                PairTriples known = pair == null ? PairTriples.EMPTY : pair;
                PairTriples.Editor editor = null;
                int j = 0;
                for (int c = b + 1; c < n; c++) {
                    int quarantined = excluded[a] + excluded[b] + excluded[c];
                    if (quarantined == 3) {
                        continue;
                    }
                    while (j < known.size() && known.third(j).compareTo(ids[c]) < 0) {
                        j++;
                    }
                    boolean together = pairTogether && lose[c] == lose[a];
                    if (j == known.size() || !known.third(j).equals(ids[c])) {
                        if (together && tracked < maxTracked) {
                            editor = editor == null ? known.edit() : editor;
                            editor.add(ids[c]);
                            tracked++;
                        }
                        continue;
                    }
                    // Each member's chance of joining when the other two sit together on a losing option.
                    int ia = lose[b] == lose[c] ? lose[b] : -1;
                    int ib = lose[a] == lose[c] ? lose[a] : -1;
                    int ic = pairTogether ? lose[a] : -1;
                    double expected = 0.0;
                    for (double[] option : share) {
                        expected += option[a] * option[b] * option[c];
                    }
                    editor = editor == null ? known.edit() : editor;
                    editor.count(j, together ? 1 : 0, expected, ia < 0 ? 0.0 : share[ia][a], ib < 0 ? 0.0 : share[ib][b],
                            ic < 0 ? 0.0 : share[ic][c], (ia < 0 ? 0 : 1) | (ib < 0 ? 0 : 2) | (ic < 0 ? 0 : 4));
                    if (!together) {
                        continue;
                    }
                    TripleStats next = editor.stats(j);
                    // Two known colluders are always together, so beside them the triple's own count says nothing;
                    // what does is whether the third joins them on their losing options more than its chance.
                    int third = excluded[a] == 0 ? 0 : excluded[b] == 0 ? 1 : 2;
                    boolean hit = quarantined == 2
                            ? next.joinRate(third) >= minJoinRate && next.logMemberTail(third) < significantTail
                            : next.minJoinRate() >= minJoinRate && next.logTail() < Math.log(significance / Math.max(1, tracked))
                                    && next.logMemberTail() < significantTail;
                    if (hit) {
                        String key = ids[a] + SEPARATOR + ids[b] + SEPARATOR + ids[c];
                        if (!groups.significant().contains(key)) {
                            newlySignificant.add(key);
                        }
                    }
                }
                if (editor != null && editor.changed()) {
                    evidence.pair(ids[a], ids[b], editor.build());
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
            for (String agent : groupOfFour(key, significant)) {
                if (flagged.add(agent)) {
                    found.add(agent);
                }
            }
        }
        evidence.groups(new TenantGroups(tracked, List.copyOf(significant), List.copyOf(flagged)));
        return found;
    }

    /**
     * 1 for a voter quarantined on evidence other than this check's: a member this check quarantined is
     * no known colluder to complete a group beside (an honest school taken for a group would pull in
     * every worker who reads items like it, one after another).
     */
    static int excluded(Ballot ballot) {
        return ballot.getSuspicion() >= 1.0 && !ballot.getReasons().contains(OWN_QUARANTINE) ? 1 : 0;
    }

    /**
     * Each voter's chance of being among the {@code losers}: proportional to its odds of being wrong,
     * at most 1, summing to the losers' number (a voter certain to be wrong takes a whole place, and
     * the rest are shared among the others; otherwise a few very inaccurate voters would make everyone
     * else's presence look improbable).
     */
    static double[] shares(int losers, double[] odds) {
        int n = odds.length;
        double[] share = new double[n];
        boolean[] capped = new boolean[n];
        int cappedCount = 0;
        while (true) {
            double free = 0.0;
            for (int i = 0; i < n; i++) {
                if (!capped[i]) {
                    free += odds[i];
                }
            }
            double scale = free <= 0.0 ? 0.0 : (losers - cappedCount) / free;
            boolean changed = false;
            for (int i = 0; i < n; i++) {
                if (!capped[i] && scale * odds[i] >= 1.0) {
                    capped[i] = true;
                    cappedCount++;
                    changed = true;
                }
            }
            if (!changed || cappedCount >= losers) {
                for (int i = 0; i < n; i++) {
                    share[i] = capped[i] ? 1.0 : (cappedCount >= losers ? 0.0 : scale * odds[i]);
                }
                return share;
            }
        }
    }

    /** The members of every group of four that contains this triple and whose four triples are all significant. */
    private static Set<String> groupOfFour(String key, Set<String> significant) {
        String[] t = key.split(String.valueOf(SEPARATOR));
        Set<String> candidates = new TreeSet<>();
        for (String other : significant) {
            String[] o = other.split(String.valueOf(SEPARATOR));
            int shared = 0;
            String extra = null;
            for (String agent : o) {
                if (agent.equals(t[0]) || agent.equals(t[1]) || agent.equals(t[2])) {
                    shared++;
                } else {
                    extra = agent;
                }
            }
            if (shared == 2) {
                candidates.add(extra);
            }
        }
        Set<String> members = new TreeSet<>();
        for (String d : candidates) {
            if (significant.contains(key(t[0], t[1], d)) && significant.contains(key(t[0], t[2], d))
                    && significant.contains(key(t[1], t[2], d))) {
                members.add(t[0]);
                members.add(t[1]);
                members.add(t[2]);
                members.add(d);
            }
        }
        return members;
    }

    /** The key of a pair's triples after a tenant's prefix: its two agent ids, first the lesser. */
    static String pairKey(String prefix, String first, String second) {
        return pairKeyHead(prefix, first).concat(second);
    }

    /** What the keys of a first member's pairs start with. */
    static String pairKeyHead(String prefix, String first) {
        return prefix + first + SEPARATOR;
    }

    /** The triple's key: its three agent ids in order. */
    static String key(String a, String b, String c) {
        String[] ids = {a, b, c};
        java.util.Arrays.sort(ids);
        return ids[0] + SEPARATOR + ids[1] + SEPARATOR + ids[2];
    }
}
