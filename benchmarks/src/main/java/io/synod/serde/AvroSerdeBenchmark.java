package io.synod.serde;

import io.synod.schemas.Ballot;
import io.synod.schemas.Decision;
import io.synod.schemas.Vote;
import io.synod.topics.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The wire format's cost (decision 0001): a vote, the record every hop reads and writes, and a
 * decision carrying 100 ballots, through the very serdes the topics registry hands the topologies.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.synod")
public class AvroSerdeBenchmark {
    private Serializer<Vote> voteSerializer;
    private Deserializer<Vote> voteDeserializer;
    private Serializer<Decision> decisionSerializer;
    private Deserializer<Decision> decisionDeserializer;
    private Vote vote;
    private Decision decision;
    private byte[] voteBytes;
    private byte[] decisionBytes;

    @Setup(Level.Trial)
    public void records() {
        Topics topics = Topics.local();
        voteSerializer = topics.votes.valueSerde().serializer();
        voteDeserializer = topics.votes.valueSerde().deserializer();
        decisionSerializer = topics.decisions.valueSerde().serializer();
        decisionDeserializer = topics.decisions.valueSerde().deserializer();
        vote = Vote.newBuilder().setEventId("bench/p-123/agent-00042").setTenant("bench").setProposalId("p-123").setAgentId("agent-00042")
                .setRound(1).setChoice("approve").setConfidence(0.83)
                .setJustification("The filing matches the registry entry of the same date and the auditor signed it.").setCastAtMs(1_700_000_000_000L).build();
        List<Ballot> ballots = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            ballots.add(Ballot.newBuilder().setAgentId("agent-" + i).setChoice(i % 3 == 0 ? "reject" : "approve").setConfidence(0.8)
                    .setWeight(0.4).setSuspicion(0.0).setCastAtMs(1_700_000_000_000L + i).setJustification("The filing matches the registry.")
                    .setAccuracy(0.7).setReasons(List.of()).build());
        }
        decision = Decision.newBuilder().setEventId("bench/p-123/decision").setTenant("bench").setProposalId("p-123").setStatus("achieved")
                .setDecision("approve").setSupport(0.67).setRound(1).setMode("weighted").setParticipants(100).setEligible(100)
                .setDistribution(Map.of("approve", 0.67, "reject", 0.33)).setFlagged(List.of()).setBallots(ballots).setReason("threshold")
                .setThreshold(0.67).setProposedAtMs(1_700_000_000_000L).setLastVoteAtMs(1_700_000_000_100L).setDecidedAtMs(1_700_000_000_120L).build();
        voteBytes = voteSerializer.serialize("consensus.votes", vote);
        decisionBytes = decisionSerializer.serialize("consensus.decisions", decision);
    }

    @Benchmark
    public byte[] serializeVote() {
        return voteSerializer.serialize("consensus.votes", vote);
    }

    @Benchmark
    public Vote deserializeVote() {
        return voteDeserializer.deserialize("consensus.votes", voteBytes);
    }

    @Benchmark
    public byte[] serializeDecision100Ballots() {
        return decisionSerializer.serialize("consensus.decisions", decision);
    }

    @Benchmark
    public Decision deserializeDecision100Ballots() {
        return decisionDeserializer.deserialize("consensus.decisions", decisionBytes);
    }
}
