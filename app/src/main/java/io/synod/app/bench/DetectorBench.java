package io.synod.app.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.synod.app.replay.ProcessorHarness;
import io.synod.detector.DetectorTopology;
import io.synod.events.VoteSignatures;
import io.synod.schemas.AgentRegistration;
import io.synod.schemas.Policy;
import io.synod.schemas.RoundOpened;
import io.synod.schemas.Vote;
import io.synod.streams.StoreKinds;
import io.synod.topics.Topics;
import java.io.PrintStream;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Votes per second through the detector's processor and stores (validation, duplicate and replay
 * checks, signatures), without a broker: unsigned, and with every vote Ed25519-signed.
 */
final class DetectorBench {
    private static final int AGENTS = 10;

    private DetectorBench() {
    }

    record Result(String variant, long votes, double votesPerSecond) {
    }

    static List<Result> run(int proposals) {
        List<Result> results = new ArrayList<>();
        results.add(measure("unsigned", proposals, false));
        // Signing happens before the clock starts (agents sign, the detector only verifies).
        results.add(measure("signed (Ed25519)", Math.max(100, proposals / 20), true));
        return results;
    }

    private static Result measure(String variant, int proposals, boolean signed) {
        Topics topics = Topics.local();
        DetectorTopology.Parts parts = DetectorTopology.parts(topics, StoreKinds.IN_MEMORY);
        StateStore registryStore = parts.registry().build();
        registryStore.init(new MockProcessorContext<>().getStateStoreContext(), registryStore);
        ProcessorHarness<String, SpecificRecord, String, SpecificRecord> detector =
                new ProcessorHarness<>("detector-bench", parts.screener(), parts.stores(), List.of(registryStore), 0L);
        KeyValueStore<String, AgentRegistration> registry = detector.store(DetectorTopology.REGISTRY_STORE);
        List<String> agents = new ArrayList<>();
        List<KeyPair> keys = new ArrayList<>();
        for (int i = 0; i < AGENTS; i++) {
            String agent = "agent-" + i;
            agents.add(agent);
            KeyPair pair = VoteSignatures.generate();
            keys.add(pair);
            registry.put("t/" + agent, AgentRegistration.newBuilder().setTenant("t").setAgentId(agent)
                    .setPublicKey(signed ? VoteSignatures.encode(pair.getPublic()) : null).setUpdatedAtMs(0L).build());
        }
        List<List<Vote>> ballots = new ArrayList<>();
        for (int p = 0; p < proposals; p++) {
            List<Vote> round = new ArrayList<>();
            for (int a = 0; a < AGENTS; a++) {
                Vote vote = Vote.newBuilder().setEventId("p" + p + "/" + a).setTenant("t").setProposalId("p" + p).setAgentId(agents.get(a))
                        .setRound(1).setChoice(a % 3 == 0 ? "reject" : "approve").setConfidence(0.8)
                        .setJustification("Two independent sources agree on the figures.").setCastAtMs(p * 1_000L + a).build();
                round.add(signed ? VoteSignatures.sign(vote, keys.get(a).getPrivate()) : vote);
            }
            ballots.add(round);
        }
        // Warm up on a tenth of the proposals, then measure the rest.
        int warmup = Math.max(1, proposals / 10);
        long start = 0;
        long votes = 0;
        for (int p = 0; p < proposals; p++) {
            if (p == warmup) {
                start = System.nanoTime();
                votes = 0;
            }
            String id = "p" + p;
            long ts = p * 1_000L;
            detector.process(new Record<>("t/" + id, RoundOpened.newBuilder().setTenant("t").setProposalId(id).setRound(1)
                    .setOptions(List.of("approve", "reject")).setEligible(agents).setPolicy(Policy.newBuilder().build())
                    .setOpenedAtMs(ts).setDeadlineMs(ts + 30_000).build(), ts));
            for (Vote vote : ballots.get(p)) {
                detector.process(new Record<>("t/" + id, vote, vote.getCastAtMs()));
                votes++;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Result(variant, votes, votes / seconds);
    }

    static void print(List<Result> results, PrintStream out) throws Exception {
        out.printf("%-20s %10s %12s%n", "detector", "votes", "votes/s");
        for (Result r : results) {
            out.printf("%-20s %10d %12.0f%n", r.variant(), r.votes(), r.votesPerSecond());
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("bench", "detector");
        summary.put("value", Math.round(results.get(0).votesPerSecond()));
        summary.put("baseline", 5000);
        summary.put("ratio", Math.round(results.get(0).votesPerSecond() / 5000.0 * 100) / 100.0);
        Map<String, Object> details = new LinkedHashMap<>();
        results.forEach(r -> details.put(r.variant(), Math.round(r.votesPerSecond())));
        summary.put("details", details);
        out.println(new ObjectMapper().writeValueAsString(summary));
    }
}
