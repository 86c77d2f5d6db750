package io.synod.app.demo;

import java.util.List;
import java.util.Random;

/**
 * A simulated member of the demo population. Honest agents are right with probability
 * {@code accuracy} and say how sure they are; the bad ones are lazy (always the first option) or a
 * colluding bloc (always the same wrong answer, with near-identical wording).
 */
record SimAgent(String id, String kind, Behaviour behaviour, double accuracy) {

    enum Behaviour { HONEST, LAZY, COLLUDER }

    record Choice(String option, double confidence, String justification) {
    }

    boolean isBad() {
        return behaviour != Behaviour.HONEST;
    }

    Choice vote(List<String> options, String truth, Random random) {
        return switch (behaviour) {
            case LAZY -> new Choice(options.get(0), 0.9, "Same as always.");
            case COLLUDER -> {
                String wrong = options.stream().filter(o -> !o.equals(truth)).findFirst().orElse(truth);
                yield new Choice(wrong, 1.0, "The evidence clearly and overwhelmingly supports " + wrong + ".");
            }
            case HONEST -> {
                boolean right = random.nextDouble() < accuracy;
                String option = right ? truth : pickOther(options, truth, random);
                double confidence = Math.max(0.05, Math.min(1.0, accuracy + (random.nextGaussian() * 0.08)));
                yield new Choice(option, confidence, reason(option, random));
            }
        };
    }

    private static String pickOther(List<String> options, String truth, Random random) {
        List<String> others = options.stream().filter(o -> !o.equals(truth)).toList();
        return others.isEmpty() ? truth : others.get(random.nextInt(others.size()));
    }

    private static String reason(String option, Random random) {
        String[] openings = {"Having read the sources,", "On balance,", "Checking the cited figures,", "From the primary documents,"};
        String[] closings = {"is the better-supported reading.", "fits what the sources say.", "matches the evidence I found.", "is what the data shows."};
        return openings[random.nextInt(openings.length)] + " '" + option + "' " + closings[random.nextInt(closings.length)];
    }

    /** Honest agents of varied accuracy plus a lazy agent and a small colluding bloc. */
    static List<SimAgent> population(int size, Random random) {
        int bad = Math.max(2, size / 4);
        java.util.ArrayList<SimAgent> agents = new java.util.ArrayList<>();
        for (int i = 1; i <= size - bad; i++) {
            String kind = i % 4 == 0 ? "human" : "llm";
            agents.add(new SimAgent(String.format("agent-%02d", i), kind, Behaviour.HONEST, 0.62 + 0.33 * random.nextDouble()));
        }
        agents.add(new SimAgent("lazy-01", "llm", Behaviour.LAZY, 0.5));
        for (int i = 1; i < bad; i++) {
            agents.add(new SimAgent(String.format("bloc-%02d", i), "llm", Behaviour.COLLUDER, 0.0));
        }
        return List.copyOf(agents);
    }
}
