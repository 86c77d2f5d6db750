package io.synod.app.chaos;

import io.synod.keys.Keys;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

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
    static final String POLICY_JSON = "{\"mode\":\"simple_majority\",\"threshold\":0.67,\"maxRounds\":1,\"minParticipants\":1,"
            + "\"roundTimeoutMs\":900000,\"fallback\":\"plurality\"}";
    /** Agents whose membership changes while the registry CDC is down (tenant {@link #membershipTenant()}). */
    static final List<String> JOINING = List.of("m1", "m2", "m3");
    static final String LEAVING = "m4";

    private static final String[] OPENINGS = {"Having read both sources,", "On balance,", "Looking at the figures given,",
        "After checking the cited study,", "From what the filing actually says,", "Comparing it with the earlier report,"};
    private static final String[] CORES = {"the claim is best read as %s", "the evidence lines up with %s",
        "nothing in the record argues against %s", "the strongest signal supports %s", "I would answer %s here"};
    private static final String[] ENDINGS = {"", " One detail is ambiguous, but it does not change the answer.",
        " The dates in the appendix agree.", " I double-checked the negation in the second paragraph."};

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
        Random random = new Random(seed * 1_000_003L + index);
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
        Random random = new Random(seed * 31 + proposal.key().hashCode() * 17L + agent.hashCode());
        double accuracy = 0.7 + (Math.abs(agent.hashCode()) % 20) / 100.0;
        String choice = random.nextDouble() < accuracy ? proposal.truth() : OPTIONS.get(1 - OPTIONS.indexOf(proposal.truth()));
        double confidence = Math.round((0.55 + random.nextDouble() * 0.4) * 100) / 100.0;
        String justification = OPENINGS[random.nextInt(OPENINGS.length)] + " " + String.format(CORES[random.nextInt(CORES.length)],
                "'" + choice + "'") + " for claim " + proposal.index() + "." + ENDINGS[random.nextInt(ENDINGS.length)];
        return new Vote(agent, choice, confidence, justification);
    }

    static String voteId(Proposal proposal, String agent) {
        return proposal.key() + "/" + agent + "/1";
    }
}
