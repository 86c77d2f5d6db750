package io.synod.app.simulate;

import java.util.Random;

/**
 * Natural-sounding justifications. The same phrases serve right and wrong answers alike, so no
 * surface feature reveals the truth; colluders share one sentence with a word changed.
 */
final class Justifications {
    private static final String[] OPENINGS = {
        "Having read the item twice,", "On balance,", "Looking at the details given,", "After checking the guidelines,",
        "From what the text actually says,", "Comparing it with similar cases,", "Taking the whole item into account,",
        "Judging by the main content,", "Setting the tone aside,", "Reading the key sentence closely,"};
    private static final String[] CORES = {
        "%s is the reading that explains the most details", "the central claim fits %s better than the alternatives",
        "most of the cues line up with %s", "nothing in the text argues against %s", "the strongest signal supports %s",
        "the wording points to %s", "I would classify this as %s", "the examples in the guidelines suggest %s"};
    private static final String[] HEDGES = {
        "", ", although I am not fully certain", ", fairly clearly", ", with some hesitation", ", if I read it correctly",
        ", and I am reasonably confident"};
    private static final String[] EXTRAS = {
        "", " One detail is ambiguous, but it does not change the answer.", " The item is short, so I relied on the main phrase.",
        " It resembles a case I answered earlier.", " Other readings seem less likely here.", " I double-checked the negation."};
    private static final String[] BLOC_VERBS = {"clearly", "plainly", "obviously", "undeniably"};

    private Justifications() {
    }

    static String honest(String option, Random random) {
        return OPENINGS[random.nextInt(OPENINGS.length)] + " " + String.format(CORES[random.nextInt(CORES.length)], "'" + option + "'")
                + HEDGES[random.nextInt(HEDGES.length)] + "." + EXTRAS[random.nextInt(EXTRAS.length)];
    }

    static String lazy(Random random) {
        return random.nextBoolean() ? "Looks right." : "Same as usual.";
    }

    /** Near-duplicates: one shared sentence per proposal, one word varied per agent. */
    static String copied(String option, int proposalSeed, Random random) {
        Random shared = new Random(proposalSeed);
        String base = OPENINGS[shared.nextInt(OPENINGS.length)] + " the evidence %s supports '" + option + "'" + HEDGES[shared.nextInt(HEDGES.length)] + ".";
        return String.format(base, BLOC_VERBS[random.nextInt(BLOC_VERBS.length)]);
    }
}
