package io.synod.app.simulate;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A mix of agents. {@code attackShare} is the share of each attacked proposal's votes cast by the
 * attackers (bloc, camouflaged bloc, Sybil swarm); the honest population casts the rest.
 */
record Scenario(String name, String description, Archetype attacker, double attackShare, int contrarians, int sleepers,
                int lazy, int spammers) {

    static final Map<String, Scenario> CATALOG = new LinkedHashMap<>();

    static {
        add(new Scenario("honest", "calibrated, noisy and overconfident honest agents only", null, 0, 0, 0, 0, 0));
        add(new Scenario("mixed", "honest agents plus lazy, spamming, contrarian and sleeper agents", null, 0, 2, 2, 2, 2));
        add(new Scenario("bloc20", "a colluding bloc casting 20% of the votes, always the same wrong answer", Archetype.BLOC, 0.20, 0, 0, 1, 1));
        add(new Scenario("bloc33", "a colluding bloc casting a third of the votes", Archetype.BLOC, 0.33, 0, 0, 1, 1));
        add(new Scenario("bloc45", "a colluding bloc casting 45% of the votes", Archetype.BLOC, 0.45, 0, 0, 1, 1));
        add(new Scenario("camo33", "a third of the votes from a bloc that is honest until it has a reputation, then lies together on some proposals",
                Archetype.CAMOUFLAGED, 0.33, 0, 0, 1, 1));
        add(new Scenario("sybil60", "after 30% of the proposals, swarms of fresh agents casting 60% of the votes on the proposals they attack",
                Archetype.SYBIL, 0.60, 0, 0, 1, 1));
        add(new Scenario("sleeper", "agents honest for 60% of the proposals, then wrong", null, 0, 0, 6, 1, 1));
    }

    private static void add(Scenario scenario) {
        CATALOG.put(scenario.name(), scenario);
    }
}
