package io.synod.coordinator;

import io.synod.schemas.Ballot;
import io.synod.schemas.Reputation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * A round's count at its close: weighing every ballot (the default online Dawid–Skene model and the
 * seed rule) and the tally over the options, per round of {@code agents} ballots. The cost the
 * coordinator pays once per decision; divide by {@code agents} for the cost per vote.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TallyBenchmark {
    private static final List<String> OPTIONS = List.of("approve", "reject", "defer");

    @Param({"10", "100", "1000", "10000"})
    int agents;

    private List<Ballot> ballots;
    private final Map<String, Reputation> reputations = new HashMap<>();
    private final DecisionModel bayesian = new OnlineDawidSkene(4, 2, 4);
    private final DecisionModel seed = DecisionModel.reputationTimesConfidence(10, 0.5);

    @Setup(Level.Trial)
    public void ballots() {
        Random random = new Random(17);
        ballots = new ArrayList<>();
        for (int i = 0; i < agents; i++) {
            String agent = "agent-" + i;
            String choice = OPTIONS.get(random.nextDouble() < 0.7 ? 0 : 1 + random.nextInt(2));
            ballots.add(Ballot.newBuilder().setAgentId(agent).setChoice(choice).setConfidence(0.5 + 0.5 * random.nextDouble())
                    .setWeight(0.0).setSuspicion(random.nextDouble() < 0.1 ? 0.3 : 0.0).setCastAtMs(1_000L + i).setJustification("j")
                    .setAccuracy(0.5).setReasons(List.of()).build());
            if (i % 4 != 0) {
                long votes = 5 + random.nextInt(200);
                long agreements = (long) (votes * (0.5 + 0.45 * random.nextDouble()));
                reputations.put(agent, Reputation.newBuilder().setTenant("t").setAgentId(agent).setReputation(0.4 + 0.6 * random.nextDouble())
                        .setAccuracy((double) agreements / votes).setIntegrity(1.0).setVotes(votes).setAgreements(agreements)
                        .setCause("decision").setUpdatedAtMs(0L).setProfile(null).build());
            }
        }
    }

    @Benchmark
    public Tally weighAndTallyBayesian() {
        return bayesian.tally(OPTIONS, ballots, reputations::get);
    }

    @Benchmark
    public Tally weighAndTallySeedRule() {
        return seed.tally(OPTIONS, ballots, reputations::get);
    }

    @Benchmark
    public Tally tallyOnly() {
        return Tally.of(OPTIONS, ballots);
    }
}
