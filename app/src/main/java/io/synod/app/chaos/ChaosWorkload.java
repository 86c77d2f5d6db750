package io.synod.app.chaos;

import io.synod.keys.Keys;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * The chaos run's input, a pure function of the seed: agents per tenant, and for proposal number i
 * its tenant, text, participants, true answer and every participant's vote. Nothing in it depends
 * on timing, so what the pipeline decides is a function of the events alone (decision 0035):
 * every proposal names its participants, all of them vote, and the policy counts one agent one
 * vote in a single round.
 */
final class ChaosWorkload {
    static final List<String> OPTIONS = List.of("approve", "reject");
    /** Simple majority in one round, plurality as the fallback, a deadline no fault outlasts. */
    static final long ROUND_TIMEOUT_MS = 900_000L;
    /** Agents whose membership changes while the registry CDC is down (tenant {@link #membershipTenant()}). */
    static final List<String> JOINING = List.of("m1", "m2", "m3");
    static final String LEAVING = "m4";

    private static final String[] OPENINGS = {"Having read both sources,", "On balance,", "Looking at the figures given,",
        "After checking the cited study,", "From what the filing actually says,", "Comparing it with the earlier report,",
        "Reading the methods section closely,", "Once the units are converted,", "Setting the press release aside,",
        "Going by the primary data,", "Judging from the timeline,", "Taking the footnotes into account,"};
    private static final String[] SUBJECTS = {"the sample size", "the reported margin", "the second table", "the dates in the appendix",
        "the quoted interview", "the control group", "the revenue figure", "the map in figure", "the survey wording", "the replication"};
    private static final String[] VERBS = {"supports", "points to", "is consistent with", "argues for", "leaves me with", "fits"};
    private static final String[] ENDINGS = {"", " One detail is ambiguous, but it does not change the answer.", " I double-checked the negation.",
        " The other reading needs an assumption nobody states.", " A second reviewer would probably agree.", " Confidence is moderate."};

    private final long seed;
    private final List<String> tenants;
    private final int agentsPerTenant;
    private final int participants;

    record Vote(String agent, String choice, double confidence, String justification) {
    }

    record Proposal(int index, String tenant, String id, String text, List<String> participants, String truth) {
        String key() {
            return Keys.of(tenant, id);
        }
    }

    ChaosWorkload(long seed, List<String> tenants, int agentsPerTenant, int participants) {
        if (participants > agentsPerTenant) {
            throw new IllegalArgumentException("participants per proposal (" + participants + ") exceed agents per tenant (" + agentsPerTenant + ")");
        }
        this.seed = seed;
        this.tenants = List.copyOf(tenants);
        this.agentsPerTenant = agentsPerTenant;
        this.participants = participants;
    }

    List<String> tenants() {
        return tenants;
    }

    String membershipTenant() {
        return tenants.get(0);
    }

    /** The agents registered before the load starts: w01.. per tenant, and the leaving agent in the membership tenant. */
    List<String> initialAgents(String tenant) {
        List<String> agents = new ArrayList<>(baseAgents());
        if (tenant.equals(membershipTenant())) {
            agents.add(LEAVING);
        }
        return agents;
    }

    private List<String> baseAgents() {
        List<String> agents = new ArrayList<>();
        for (int a = 1; a <= agentsPerTenant; a++) {
            agents.add(String.format("w%02d", a));
        }
        return agents;
    }

    /**
     * Proposal number {@code index}. In the membership tenant every third proposal also names the
     * leaving agent, and, once the membership changes were made ({@code joined}), the joining ones.
     */
    Proposal proposal(int index, boolean joined) {
        Random random = new Random(mix(seed * 1_000_003L + index));
        String tenant = tenants.get(index % tenants.size());
        List<String> pool = new ArrayList<>(baseAgents());
        java.util.Collections.shuffle(pool, random);
        List<String> chosen = new ArrayList<>(pool.subList(0, participants));
        if (tenant.equals(membershipTenant()) && index % 3 == 0) {
            chosen.add(LEAVING);
            if (joined) {
                chosen.addAll(JOINING);
            }
        }
        chosen.sort(null);
        String truth = OPTIONS.get(random.nextInt(OPTIONS.size()));
        String text = "Is claim " + index + " of " + tenant + " supported by its sources?";
        return new Proposal(index, tenant, String.format("c%05d", index), text, List.copyOf(chosen), truth);
    }

    /** The agent's vote on the proposal: right with an accuracy of its own, in its own words. */
    Vote vote(Proposal proposal, String agent) {
        // Independent draws per agent and proposal: java.util.Random seeded with neighbouring values starts
        // with nearly equal numbers, which would make honest agents agree like a colluding bloc.
        SplittableRandom random = new SplittableRandom(mix(mix(seed) ^ proposal.key().hashCode()) ^ mix(agent.hashCode()));
        double accuracy = 0.7 + (Math.abs(agent.hashCode()) % 20) / 100.0;
        String choice = random.nextDouble() < accuracy ? proposal.truth() : OPTIONS.get(1 - OPTIONS.indexOf(proposal.truth()));
        double confidence = Math.round((0.55 + random.nextDouble() * 0.4) * 100) / 100.0;
        String justification = OPENINGS[random.nextInt(OPENINGS.length)] + " " + SUBJECTS[random.nextInt(SUBJECTS.length)] + " ("
                + (1 + random.nextInt(40)) + ") " + VERBS[random.nextInt(VERBS.length)] + " '" + choice + "' on claim " + proposal.index()
                + ", as " + SUBJECTS[random.nextInt(SUBJECTS.length)] + " shows " + (2 + random.nextInt(97)) + "%."
                + ENDINGS[random.nextInt(ENDINGS.length)];
        return new Vote(agent, choice, confidence, justification);
    }

    /** A 64-bit finaliser (SplitMix64): nearby inputs give unrelated outputs. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    static String voteId(Proposal proposal, String agent) {
        return proposal.key() + "/" + agent + "/1";
    }

    /** The replay-format line of a registry change (what the live system received by CDC). */
    static Map<String, Object> agentLine(String tenant, String agent, boolean active, long ts) {
        return line("agent", tenant, ts, "agent", agent, "active", active);
    }

    static Map<String, Object> proposalLine(Proposal p, long ts) {
        Map<String, Object> policy = new LinkedHashMap<>();
        policy.put("mode", "simple_majority");
        policy.put("threshold", 0.67);
        policy.put("maxRounds", 1);
        policy.put("minParticipants", 1);
        policy.put("roundTimeoutMs", ROUND_TIMEOUT_MS);
        policy.put("fallback", "plurality");
        return line("proposal", p.tenant(), ts, "proposal", p.id(), "text", p.text(), "options", OPTIONS, "participants", p.participants(),
                "policy", policy);
    }

    static Map<String, Object> voteLine(Proposal p, Vote vote, long ts) {
        return line("vote", p.tenant(), ts, "id", voteId(p, vote.agent()), "proposal", p.id(), "agent", vote.agent(), "round", 1,
                "choice", vote.choice(), "confidence", vote.confidence(), "justification", vote.justification());
    }

    private static Map<String, Object> line(String type, String tenant, long ts, Object... fields) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("type", type);
        line.put("tenant", tenant);
        for (int i = 0; i < fields.length; i += 2) {
            line.put((String) fields[i], fields[i + 1]);
        }
        line.put("ts", ts);
        return line;
    }
}
