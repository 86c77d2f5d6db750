package io.synod.app.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.synod.app.replay.ProcessorHarness;
import io.synod.app.replay.Replay;
import io.synod.config.SynodConfig;
import io.synod.detector.DetectorTopology;
import io.synod.detector.quality.BgeSentenceEncoder;
import io.synod.detector.quality.CachingEncoder;
import io.synod.detector.quality.JustificationQualityTopology;
import io.synod.schemas.JustificationQuality;
import io.synod.schemas.internal.JustificationSample;
import io.synod.events.VoteSignatures;
import io.synod.schemas.AgentRegistration;
import io.synod.schemas.Policy;
import io.synod.schemas.RoundOpened;
import io.synod.schemas.Vote;
import io.synod.streams.StoreKinds;
import io.synod.topics.Topics;
import java.io.BufferedWriter;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Votes per second through the detector's processor and stores without a broker — validation,
 * duplicate and replay checks, signatures, and the five detection methods on or off — then the
 * sentence-embedding model alone (texts per second, batched), and the whole in-process pipeline
 * (replay's chain of the production processors) without and with the embedding side path run
 * synchronously, the worst case: live, it runs in its own application at its own pace.
 */
final class DetectorBench {
    private static final int AGENTS = 10;
    private static final String[] WORDS = ("the report figures match audit source filing registry owner date clause supplier invoice tax "
            + "number statement quoted signed record standard second paragraph claim evidence holds table").split(" ");

    private DetectorBench() {
    }

    record Result(String variant, long votes, double votesPerSecond) {
    }

    static List<Result> run(int proposals) throws Exception {
        List<Result> results = new ArrayList<>();
        SynodConfig defaults = SynodConfig.defaults();
        SynodConfig off = defaults.with(Map.of("detector.calibration.enabled", "false", "detector.quality.enabled", "false",
                "detector.reputation.enabled", "false", "detector.patterns.enabled", "false", "detector.cross.enabled", "false"));
        results.add(measure("detector, methods off", off, proposals, false));
        results.add(measure("detector, 5 methods", defaults, proposals, false));
        // Signing happens before the clock starts (agents sign, the detector only verifies).
        results.add(measure("detector, 5 methods, Ed25519", defaults, Math.max(100, proposals / 20), true));
        results.add(embeddings(256));
        results.add(sidePath(100, 50_000));
        Path dataset = dataset(Math.max(200, proposals / 10));
        results.add(pipeline("pipeline, embeddings off", defaults, dataset));
        results.add(pipeline("pipeline, embeddings on (sync)", defaults.with("replay.embeddings.enabled", "true"), dataset));
        Files.deleteIfExists(dataset);
        return results;
    }

    private static Result measure(String variant, SynodConfig config, int proposals, boolean signed) {
        Topics topics = Topics.local();
        DetectorTopology.Parts parts = DetectorTopology.parts(topics, config, StoreKinds.IN_MEMORY, false);
        List<StateStore> globals = new ArrayList<>();
        for (var builder : List.of(parts.registry(), parts.reputation())) {
            StateStore store = builder.build();
            store.init(new MockProcessorContext<>().getStateStoreContext(), store);
            globals.add(store);
        }
        ProcessorHarness<String, SpecificRecord, String, SpecificRecord> detector =
                new ProcessorHarness<>("detector-bench", parts.screener(), parts.stores(), globals, 0L);
        KeyValueStore<String, AgentRegistration> registry = detector.store(DetectorTopology.REGISTRY_STORE);
        List<String> agents = new ArrayList<>();
        // One signer an agent, as the SDK keeps: its public key is derived once, not on every vote.
        List<VoteSignatures.Signer> signers = new ArrayList<>();
        for (int i = 0; i < AGENTS; i++) {
            String agent = "agent-" + i;
            agents.add(agent);
            KeyPair pair = VoteSignatures.generate();
            signers.add(VoteSignatures.signer(pair.getPrivate()));
            registry.put("t/" + agent, AgentRegistration.newBuilder().setTenant("t").setAgentId(agent)
                    .setPublicKey(signed ? VoteSignatures.encode(pair.getPublic()) : null).setUpdatedAtMs(0L).build());
        }
        Random random = new Random(7);
        List<List<Vote>> ballots = new ArrayList<>();
        for (int p = 0; p < proposals; p++) {
            List<Vote> round = new ArrayList<>();
            for (int a = 0; a < AGENTS; a++) {
                Vote vote = Vote.newBuilder().setEventId("p" + p + "/" + a).setTenant("t").setProposalId("p" + p).setAgentId(agents.get(a))
                        .setRound(1).setChoice(a % 3 == 0 ? "reject" : "approve").setConfidence(0.8)
                        .setJustification(sentence(random)).setCastAtMs(p * 1_000L + a * 37L).build();
                round.add(signed ? signers.get(a).sign(vote) : vote);
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

    /** The model alone: distinct texts (no cache hits), in batches of 32, after a warm-up batch. */
    private static Result embeddings(int texts) {
        CachingEncoder encoder = new CachingEncoder(new BgeSentenceEncoder(), 100_000);
        Random random = new Random(11);
        encoder.embed(List.of(sentence(random), sentence(random)));
        List<String> all = new ArrayList<>();
        for (int i = 0; i < texts; i++) {
            all.add(sentence(random) + " #" + i);
        }
        long start = System.nanoTime();
        for (int i = 0; i < all.size(); i += 32) {
            encoder.embed(all.subList(i, Math.min(all.size(), i + 32)));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Result("bge-small-en-v1.5-q, texts", texts, texts / seconds);
    }

    /**
     * The side path alone, synchronously (every due embedding inline), on a stream whose event time
     * advances at 5,000 votes per second, after each of the agents' warm-up samples: the load it
     * must sustain live. Its embeddings scale with agents per minute, not with votes.
     */
    private static Result sidePath(int agents, int votes) {
        Topics topics = Topics.local();
        SynodConfig config = SynodConfig.defaults();
        JustificationQualityTopology.Parts parts = JustificationQualityTopology.parts(topics, config,
                JustificationQualityTopology.defaultEncoder(config), StoreKinds.IN_MEMORY, true);
        ProcessorHarness<String, SpecificRecord, String, JustificationSample> sampler =
                new ProcessorHarness<>("quality-bench", parts.sampler(), parts.samplerStores(), List.of(), 0L);
        ProcessorHarness<String, JustificationSample, String, JustificationQuality> embedder =
                new ProcessorHarness<>("quality-bench", parts.embedder(), parts.embedderStores(), List.of(), 0L);
        Random random = new Random(5);
        long warmup = config.getLong("detector.embeddings.agent.warmup");
        long start = 0;
        int total = (int) (agents * warmup) + votes;
        for (int i = 0; i < total; i++) {
            if (i == agents * warmup) {
                start = System.nanoTime();
            }
            long ts = i / 5L;
            String proposal = "p" + i / 10;
            if (i % 10 == 0) {
                sampler.process(new Record<>("t/" + proposal, RoundOpened.newBuilder().setTenant("t").setProposalId(proposal).setRound(1)
                        .setText("Does the filing of company " + i / 10 + " match the registry?").setOptions(List.of("approve", "reject"))
                        .setEligible(List.of()).setPolicy(Policy.newBuilder().build()).setOpenedAtMs(ts).setDeadlineMs(ts + 500).build(), ts));
            }
            Vote vote = Vote.newBuilder().setEventId("e" + i).setTenant("t").setProposalId(proposal).setAgentId("a" + i % agents).setRound(1)
                    .setChoice("approve").setConfidence(0.8).setJustification(sentence(random)).setCastAtMs(ts).build();
            for (var sample : sampler.process(new Record<>("t/" + proposal,
                    io.synod.schemas.ScoredVote.newBuilder().setVote(vote).setSuspicion(0.0).setScoredAtMs(ts).build(), ts))) {
                embedder.process(new Record<>(sample.record().key(), sample.record().value(), ts));
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Result("side path at 5,000 votes/s, " + agents + " agents", votes, votes / seconds);
    }

    private static Result pipeline(String variant, SynodConfig config, Path dataset) throws Exception {
        Replay.run(dataset, config, lines -> { });
        Replay.Result result = Replay.run(dataset, config, lines -> { });
        long votes = (result.lines() - AGENTS) / (AGENTS + 1) * AGENTS;
        return new Result(variant, votes, votes * 1e9 / result.nanos());
    }

    /** A replay input: proposals one second apart, each voted on by all 10 agents in their own words. */
    private static Path dataset(int proposals) throws Exception {
        Path file = Files.createTempFile("synod-detector-bench-", ".jsonl");
        ObjectMapper json = new ObjectMapper();
        Random random = new Random(3);
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            for (int a = 0; a < AGENTS; a++) {
                out.write("{\"type\":\"agent\",\"agent\":\"w" + a + "\",\"ts\":0}\n");
            }
            for (int p = 0; p < proposals; p++) {
                long ts = (p + 1) * 1_000L;
                List<String> voters = new ArrayList<>();
                for (int a = 0; a < AGENTS; a++) {
                    voters.add("w" + a);
                }
                Map<String, Object> proposal = new LinkedHashMap<>();
                proposal.put("type", "proposal");
                proposal.put("proposal", "q" + p);
                proposal.put("ts", ts);
                proposal.put("text", "Does the filing of company " + p + " match the registry?");
                proposal.put("participants", voters);
                // As in shared/data: one round, decided when the last listed voter has voted.
                proposal.put("policy", Map.of("threshold", 0.67, "maxRounds", 1, "minParticipants", 1, "roundTimeoutMs", 500,
                        "fallback", "plurality"));
                out.write(json.writeValueAsString(proposal) + "\n");
                for (int a = 0; a < AGENTS; a++) {
                    Map<String, Object> vote = new LinkedHashMap<>();
                    vote.put("type", "vote");
                    vote.put("proposal", "q" + p);
                    vote.put("agent", "w" + a);
                    vote.put("choice", random.nextDouble() < 0.8 ? "approve" : "reject");
                    vote.put("confidence", 0.6 + 0.3 * random.nextDouble());
                    vote.put("justification", sentence(random));
                    vote.put("ts", ts + 1 + a * 13L);
                    out.write(json.writeValueAsString(vote) + "\n");
                }
            }
        }
        return file;
    }

    private static String sentence(Random random) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 14; i++) {
            text.append(i == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
        }
        return text.append('.').toString();
    }

    static void print(List<Result> results, PrintStream out) throws Exception {
        out.printf("%-34s %10s %12s%n", "variant", "items", "per second");
        for (Result r : results) {
            out.printf("%-34s %10d %12.0f%n", r.variant(), r.votes(), r.votesPerSecond());
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        Result withEmbeddings = results.stream().filter(r -> r.variant().startsWith("side path")).findFirst().orElseThrow();
        summary.put("bench", "detector");
        summary.put("value", Math.round(withEmbeddings.votesPerSecond()));
        summary.put("baseline", 5000);
        summary.put("ratio", Math.round(withEmbeddings.votesPerSecond() / 5000.0 * 100) / 100.0);
        Map<String, Object> details = new LinkedHashMap<>();
        results.forEach(r -> details.put(r.variant(), Math.round(r.votesPerSecond())));
        summary.put("details", details);
        out.println(new ObjectMapper().writeValueAsString(summary));
    }
}
