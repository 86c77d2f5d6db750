package io.synod.app.simulate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

/**
 * Generates a replay-format dataset for a scenario: agent registrations, then one proposal per
 * second with its votes (and a second round where the first is split), ground-truth outcomes for a
 * fraction of the proposals, and the ids of the adversarial and useless agents.
 */
final class Simulation {
    private static final List<String> BINARY = List.of("approve", "reject");
    private static final List<String> MULTI = List.of("A", "B", "C", "D");

    record Agent(String id, Archetype archetype, double accuracy) {
    }

    record Output(List<Map<String, Object>> events, Map<String, String> truth, TreeSet<String> byzantine, TreeSet<String> useless) {
    }

    private final Scenario scenario;
    private final int population;
    private final int proposals;
    private final int votesPerProposal;
    private final double outcomeFraction;
    private final Random random;

    Simulation(Scenario scenario, int population, int proposals, int votesPerProposal, double outcomeFraction, long seed) {
        this.scenario = scenario;
        this.population = population;
        this.proposals = proposals;
        this.votesPerProposal = votesPerProposal;
        this.outcomeFraction = outcomeFraction;
        this.random = new Random(seed);
    }

    Output run() {
        List<Map<String, Object>> events = new ArrayList<>();
        Map<String, String> truth = new LinkedHashMap<>();
        TreeSet<String> byzantine = new TreeSet<>();
        TreeSet<String> useless = new TreeSet<>();
        List<Agent> crowd = crowd();
        int attackers = scenario.attacker() == null ? 0
                : (int) Math.round(scenario.attackShare() / (1 - scenario.attackShare()) * votesPerProposal);
        List<Agent> bloc = new ArrayList<>();
        if (scenario.attacker() == Archetype.BLOC || scenario.attacker() == Archetype.CAMOUFLAGED) {
            for (int i = 1; i <= attackers + 2; i++) {
                bloc.add(new Agent(String.format("b%02d", i), scenario.attacker(), 0.9));
            }
        }
        for (Agent agent : concat(crowd, bloc)) {
            events.add(registration(agent.id(), 0));
            mark(agent, byzantine, useless);
        }
        List<Agent> swarm = List.of();
        int swarmLeft = 0;
        int swarms = 0;
        for (int p = 0; p < proposals; p++) {
            long ts = (p + 1) * 1000L;
            String id = "q" + (p + 1);
            List<String> options = pickOptions();
            String answer = options.get(random.nextInt(options.size()));
            String wrong = options.get((options.indexOf(answer) + 1 + (p % Math.max(1, options.size() - 1))) % options.size());
            truth.put(id, answer);
            double progress = (double) p / proposals;
            double difficulty = random.nextDouble() * 0.3;

            List<Agent> voters = new ArrayList<>(sample(crowd, votesPerProposal));
            Map<String, String> attackChoice = new LinkedHashMap<>();
            if (scenario.attacker() == Archetype.BLOC) {
                sample(bloc, attackers).forEach(a -> { voters.add(a); attackChoice.put(a.id(), wrong); });
            } else if (scenario.attacker() == Archetype.CAMOUFLAGED) {
                boolean attack = progress > 0.2 && random.nextDouble() < 0.35;
                sample(bloc, attackers).forEach(a -> { voters.add(a); attackChoice.put(a.id(), attack ? wrong : null); });
            } else if (scenario.attacker() == Archetype.SYBIL && progress >= 0.3 && random.nextDouble() < 0.5) {
                if (swarmLeft <= 0) {
                    swarms++;
                    List<Agent> fresh = new ArrayList<>();
                    // A swarm registers the identities it votes with: one registered and never used leaves no
                    // evidence to detect, and scoring it as a missed attacker would measure nothing about detection.
                    for (int i = 1; i <= attackers; i++) {
                        Agent sybil = new Agent(String.format("s%03d-%02d", swarms, i), Archetype.SYBIL, 0.0);
                        fresh.add(sybil);
                        events.add(registration(sybil.id(), ts - 1));
                        mark(sybil, byzantine, useless);
                    }
                    swarm = fresh;
                    swarmLeft = 3 + random.nextInt(3);
                }
                swarmLeft--;
                swarm.forEach(a -> { voters.add(a); attackChoice.put(a.id(), wrong); });
            }
            java.util.Collections.shuffle(voters, random);

            events.add(proposal(id, ts, options, voters));
            Map<String, String> firstRound = new LinkedHashMap<>();
            int offset = 1;
            for (Agent agent : voters) {
                String choice = choose(agent, options, answer, wrong, difficulty, progress, attackChoice);
                firstRound.put(agent.id(), choice);
                events.add(vote(id, agent, 1, choice, ts + offset++, p, options.size(), difficulty, ""));
            }
            if (topShare(firstRound) < 0.67) {
                offset = 100;
                for (Agent agent : voters) {
                    String choice = firstRound.get(agent.id());
                    boolean honest = !agent.archetype().byzantine && !agent.archetype().useless;
                    if (honest && !choice.equals(answer) && random.nextDouble() < 0.5) {
                        choice = answer;
                    }
                    events.add(vote(id, agent, 2, choice, ts + offset++, p, options.size(), difficulty, "After reading the other arguments, "));
                }
            }
            if (random.nextDouble() < outcomeFraction) {
                Map<String, Object> outcome = new LinkedHashMap<>();
                outcome.put("type", "outcome");
                outcome.put("proposal", id);
                outcome.put("truth", answer);
                outcome.put("ts", ts + 900);
                events.add(outcome);
            }
        }
        return new Output(events, truth, byzantine, useless);
    }

    private List<Agent> crowd() {
        List<Agent> crowd = new ArrayList<>();
        for (int i = 1; i <= population; i++) {
            double roll = random.nextDouble();
            Archetype archetype = roll < 0.7 ? Archetype.HONEST : roll < 0.9 ? Archetype.NOISY : Archetype.OVERCONFIDENT;
            double accuracy = switch (archetype) {
                case HONEST -> 0.65 + 0.3 * random.nextDouble();
                case NOISY -> 0.5 + 0.15 * random.nextDouble();
                default -> 0.55 + 0.2 * random.nextDouble();
            };
            crowd.add(new Agent(String.format("h%03d", i), archetype, accuracy));
        }
        for (int i = 1; i <= scenario.lazy(); i++) {
            crowd.add(new Agent(String.format("lazy%02d", i), Archetype.LAZY, 0.5));
        }
        for (int i = 1; i <= scenario.spammers(); i++) {
            crowd.add(new Agent(String.format("spam%02d", i), Archetype.SPAMMER, 0.5));
        }
        for (int i = 1; i <= scenario.contrarians(); i++) {
            crowd.add(new Agent(String.format("con%02d", i), Archetype.CONTRARIAN, 0.1));
        }
        for (int i = 1; i <= scenario.sleepers(); i++) {
            crowd.add(new Agent(String.format("slp%02d", i), Archetype.SLEEPER, 0.85));
        }
        return crowd;
    }

    private String choose(Agent agent, List<String> options, String answer, String wrong, double difficulty, double progress,
                          Map<String, String> attackChoice) {
        return switch (agent.archetype()) {
            case LAZY -> options.get(0);
            case SPAMMER -> options.get(random.nextInt(options.size()));
            case CONTRARIAN -> random.nextDouble() < 0.9 ? other(options, answer) : answer;
            case BLOC, SYBIL -> attackChoice.get(agent.id());
            case CAMOUFLAGED -> attackChoice.get(agent.id()) != null ? attackChoice.get(agent.id()) : honestChoice(0.9, options, answer, difficulty);
            case SLEEPER -> progress < 0.6 ? honestChoice(agent.accuracy(), options, answer, difficulty) : wrong;
            default -> honestChoice(agent.accuracy(), options, answer, difficulty);
        };
    }

    private String honestChoice(double accuracy, List<String> options, String answer, double difficulty) {
        double p = accuracy * (1 - difficulty) + difficulty / options.size();
        return random.nextDouble() < p ? answer : other(options, answer);
    }

    private String other(List<String> options, String answer) {
        List<String> others = options.stream().filter(o -> !o.equals(answer)).toList();
        return others.get(random.nextInt(others.size()));
    }

    private Map<String, Object> vote(String proposal, Agent agent, int round, String choice, long ts, int p, int options,
                                     double difficulty, String prefix) {
        double confidence = switch (agent.archetype()) {
            case HONEST, SLEEPER, CAMOUFLAGED -> agent.accuracy() * (1 - difficulty) + difficulty / options + random.nextGaussian() * 0.05;
            case NOISY -> 0.3 + 0.6 * random.nextDouble();
            case OVERCONFIDENT -> 0.9 + 0.1 * random.nextDouble();
            case LAZY, SPAMMER -> 0.5 + 0.5 * random.nextDouble();
            default -> 0.8 + 0.2 * random.nextDouble();
        };
        String justification = switch (agent.archetype()) {
            case LAZY, SPAMMER -> Justifications.lazy(random);
            case BLOC, SYBIL -> Justifications.copied(choice, p * 31 + round, random);
            default -> Justifications.honest(choice, random);
        };
        Map<String, Object> vote = new LinkedHashMap<>();
        vote.put("type", "vote");
        vote.put("proposal", proposal);
        vote.put("agent", agent.id());
        vote.put("round", round);
        vote.put("choice", choice);
        vote.put("confidence", Math.round(Math.max(0.01, Math.min(1.0, confidence)) * 100) / 100.0);
        vote.put("justification", prefix.isEmpty() ? justification : prefix + Character.toLowerCase(justification.charAt(0)) + justification.substring(1));
        vote.put("ts", ts);
        return vote;
    }

    private Map<String, Object> proposal(String id, long ts, List<String> options, List<Agent> voters) {
        Map<String, Object> proposal = new LinkedHashMap<>();
        proposal.put("type", "proposal");
        proposal.put("proposal", id);
        proposal.put("ts", ts);
        proposal.put("text", "Which option fits item " + id + "?");
        proposal.put("options", options);
        proposal.put("participants", voters.stream().map(Agent::id).sorted().toList());
        // In a fixed order: Map.of iterates in an order salted per JVM, and the same seed must write the same bytes in any run.
        Map<String, Object> policy = new LinkedHashMap<>();
        policy.put("threshold", 0.67);
        policy.put("maxRounds", 2);
        policy.put("minParticipants", 1);
        policy.put("roundTimeoutMs", 500);
        policy.put("fallback", "plurality");
        proposal.put("policy", policy);
        return proposal;
    }

    private static Map<String, Object> registration(String agent, long ts) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", "agent");
        event.put("agent", agent);
        event.put("kind", "llm");
        event.put("active", true);
        event.put("ts", ts);
        return event;
    }

    private static void mark(Agent agent, TreeSet<String> byzantine, TreeSet<String> useless) {
        if (agent.archetype().byzantine) {
            byzantine.add(agent.id());
        } else if (agent.archetype().useless) {
            useless.add(agent.id());
        }
    }

    private List<String> pickOptions() {
        double roll = random.nextDouble();
        return roll < 0.6 ? BINARY : roll < 0.85 ? MULTI.subList(0, 3) : MULTI;
    }

    private List<Agent> sample(List<Agent> agents, int count) {
        List<Agent> copy = new ArrayList<>(agents);
        java.util.Collections.shuffle(copy, random);
        return copy.subList(0, Math.min(count, copy.size()));
    }

    private static double topShare(Map<String, String> choices) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        choices.values().forEach(c -> counts.merge(c, 1, Integer::sum));
        return counts.values().stream().mapToInt(Integer::intValue).max().orElse(0) / (double) Math.max(1, choices.size());
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
