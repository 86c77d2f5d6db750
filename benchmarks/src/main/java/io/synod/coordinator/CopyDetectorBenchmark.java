package io.synod.coordinator;

import io.synod.schemas.Ballot;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Finding a round's copy groups at its close, per round of {@code agents} ballots: two thirds honest
 * voters writing from a stock of phrases (as the public sets' variants and the simulator do), one
 * third a bloc pasting one text with small edits for one option.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CopyDetectorBenchmark {
    private static final List<String> OPTIONS = List.of("1", "2");
    private static final String[] OPENINGS = {"On balance,", "Judging by the main content,", "Taking the whole item into account,",
        "After checking the guidelines,", "Reading the key sentence closely,", "From what the item shows,", "Having read the item twice,",
        "Setting the tone aside,"};
    private static final String[] CLAIMS = {"the wording points to option %s", "most of the cues line up with option %s",
        "the central claim fits option %s better than the alternatives", "option %s is the reading that explains the most details",
        "the examples in the guidelines suggest option %s", "nothing in the text argues against option %s"};
    private static final String[] HEDGES = {"", ", and I am reasonably confident", ", although I am not fully certain", ", if I read it correctly",
        ", with some hesitation"};
    private static final String[] CODAS = {"", " Other readings seem less likely here.", " I double-checked the negation.",
        " One detail is ambiguous, but it does not change the answer.", " The item is short, so I relied on the main phrase."};

    @Param({"10", "30", "100"})
    int agents;

    private final CopyDetector detector = new CopyDetector(3, 0.6, 5);
    private List<Ballot> ballots;

    @Setup(Level.Trial)
    public void ballots() {
        Random random = new Random(23);
        ballots = new ArrayList<>();
        for (int i = 0; i < agents; i++) {
            boolean bloc = i % 3 == 0;
            String choice = bloc ? "2" : random.nextDouble() < 0.8 ? "1" : "2";
            String text = bloc
                    ? "All things considered, option 2 explains the content " + (random.nextBoolean() ? "best" : "well") + ", though I could be wrong."
                    : pick(random, OPENINGS) + " " + pick(random, CLAIMS).formatted(choice) + pick(random, HEDGES) + "." + pick(random, CODAS);
            ballots.add(Ballot.newBuilder().setAgentId("agent-" + i).setChoice(choice).setConfidence(0.8).setWeight(0.0)
                    .setCastAtMs(1_000L + i).setJustification(text).setReasons(List.of()).build());
        }
    }

    private static String pick(Random random, String[] from) {
        return from[random.nextInt(from.length)];
    }

    @Benchmark
    public List<List<Ballot>> copyGroups() {
        return detector.groups(ballots, OPTIONS);
    }
}
