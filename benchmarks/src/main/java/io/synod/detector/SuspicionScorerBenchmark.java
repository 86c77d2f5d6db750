package io.synod.detector;

import io.synod.schemas.Policy;
import io.synod.schemas.Reputation;
import io.synod.schemas.RoundOpened;
import io.synod.schemas.Vote;
import io.synod.text.TextFingerprint;
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
 * The detector's per-vote work: fingerprinting the justification, then the five detection methods
 * combined by the {@link SuspicionScorer}, for a vote whose round already holds {@code earlier}
 * votes (the cross-agent method compares against them).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SuspicionScorerBenchmark {
    private static final List<String> OPTIONS = List.of("approve", "reject");
    private static final String[] WORDS = ("the report figures match audit source filing registry owner date clause supplier invoice tax "
            + "number statement quoted signed record standard second paragraph claim evidence holds table").split(" ");

    @Param({"9", "99"})
    int earlier;

    private SuspicionScorer all;
    private SuspicionScorer off;
    private VoteContext context;
    private String justification;

    @Setup(Level.Trial)
    public void round() {
        DetectorSettings settings = DetectorSettings.defaults();
        all = SuspicionScorer.of(settings, 0.5);
        off = SuspicionScorer.of(settings.allOff(), 0.5);
        Random random = new Random(5);
        List<RoundMemory.Print> prints = new ArrayList<>();
        for (int i = 0; i < earlier; i++) {
            List<String> tokens = TextFingerprint.tokens(sentence(random), OPTIONS);
            prints.add(new RoundMemory.Print("a" + i, random.nextBoolean() ? "approve" : "reject", TextFingerprint.simhash(tokens),
                    TextFingerprint.distinctBigrams(tokens) >= TextFingerprint.MIN_BIGRAMS));
        }
        justification = sentence(random);
        Vote vote = Vote.newBuilder().setEventId("v").setTenant("t").setProposalId("p1").setAgentId("me").setRound(1).setChoice("approve")
                .setConfidence(0.8).setJustification(justification).setCastAtMs(1_000L).build();
        VoteValidator.OpenRound round = VoteValidator.OpenRound.of(RoundOpened.newBuilder().setTenant("t").setProposalId("p1").setRound(1)
                .setOptions(OPTIONS).setEligible(List.of("me")).setPolicy(Policy.newBuilder().build()).setOpenedAtMs(0L).setDeadlineMs(30_000L).build());
        Reputation reputation = Reputation.newBuilder().setTenant("t").setAgentId("me").setReputation(0.7).setAccuracy(0.7).setIntegrity(1.0)
                .setVotes(40).setAgreements(28).setCause("decision").setUpdatedAtMs(0L).setProfile(null).build();
        List<String> tokens = TextFingerprint.tokens(justification, OPTIONS);
        context = new VoteContext(vote, round, null, reputation, tokens, TextFingerprint.simhash(tokens), TextFingerprint.contentWords(tokens),
                TextFingerprint.distinctBigrams(tokens), prints, null, 1, new RoundMemory.TenantNorms(1_000, 0.05, 0.01));
    }

    private static String sentence(Random random) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 14; i++) {
            text.append(i == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
        }
        return text.append('.').toString();
    }

    @Benchmark
    public SuspicionScorer.Suspicion scoreFiveMethods() {
        return all.score(context);
    }

    @Benchmark
    public SuspicionScorer.Suspicion scoreMethodsOff() {
        return off.score(context);
    }

    @Benchmark
    public long fingerprintJustification() {
        List<String> tokens = TextFingerprint.tokens(justification, OPTIONS);
        return TextFingerprint.simhash(tokens) + TextFingerprint.contentWords(tokens) + TextFingerprint.distinctBigrams(tokens);
    }
}
