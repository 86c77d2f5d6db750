package io.synod.app.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.synod.app.replay.PipelineDriver;
import io.synod.config.SynodConfig;
import io.synod.schemas.AgentRegistration;
import io.synod.schemas.Policy;
import io.synod.schemas.Proposal;
import io.synod.schemas.Vote;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * How cost grows with the size of a round and with the number of open proposals, on the production
 * processors and stores chained in process (replay's pipeline, decision 0006: in-memory stores, so
 * the heap holds all state and "heap live" is state plus everything else). No broker: what is
 * measured is Synod's own work, not Kafka's; the live hop costs are in the latency and throughput
 * benchmarks.
 */
final class ScaleBench {
    private static final String TENANT = "bench";
    private static final List<String> OPTIONS = List.of("approve", "reject");

    /**
     * One round size: last vote handed in → its decision emitted by the coordinator (when it is
     * published live), → the same call settled (the reputation app's updates of every voter, which
     * live run after publication, in another application), and every vote of the round.
     */
    record RoundRow(int agents, int rounds, double lastVoteMs, double lastVoteMaxMs, double settledMs, double roundMs, double usPerVote,
                    long heapBytes) {
    }

    /** One level of open proposals: memory held and a 10-agent probe's last vote → decision. */
    record OpenRow(int open, double openSeconds, long heapBytes, double bytesPerOpen, double probeMs, double probeMaxMs) {
    }

    record Result(List<RoundRow> rounds, List<OpenRow> open, long maxHeap, int vocabulary) {
    }

    private ScaleBench() {
    }

    static Result run(SynodConfig config, List<Integer> agentCounts, List<Integer> openCounts, int vocabulary, PrintStream progress) {
        List<RoundRow> rounds = new ArrayList<>();
        for (int agents : agentCounts) {
            progress.printf("bench scale: %d agents per proposal...%n", agents);
            rounds.add(rounds(config, agents, vocabulary));
        }
        List<OpenRow> open = new ArrayList<>();
        if (!openCounts.isEmpty()) {
            open = open(config, openCounts, vocabulary, progress);
        }
        return new Result(rounds, open, Runtime.getRuntime().maxMemory(), vocabulary);
    }

    private static RoundRow rounds(SynodConfig config, int agents, int vocabulary) {
        // Enough rounds to warm the JIT and time something: about 40,000 votes per size, at least 3 rounds.
        int total = Math.max(3, Math.min(200, 40_000 / agents));
        int warmup = Math.max(1, total / 3);
        Random random = new Random(agents);
        try (PipelineDriver driver = new PipelineDriver(config)) {
            long ts = 1_000L;
            for (int a = 0; a < agents; a++) {
                driver.register(registration(a, ts), ts);
            }
            List<Double> last = new ArrayList<>();
            List<Double> settled = new ArrayList<>();
            double roundNs = 0;
            for (int r = 0; r < total; r++) {
                String id = "r" + agents + "-" + r;
                ts += 10;
                driver.propose(proposal(id, agents, 600_000L, ts), ts);
                int decided = driver.decided();
                long roundStart = System.nanoTime();
                long lastNs = 0;
                long settledNs = 0;
                for (int a = 0; a < agents; a++) {
                    Vote vote = vote(id, a, random, ts + 1, vocabulary);
                    if (a == agents - 1) {
                        long start = System.nanoTime();
                        driver.vote(vote, ts + 1);
                        settledNs = System.nanoTime() - start;
                        lastNs = driver.lastDecisionNanos() - start;
                    } else {
                        driver.vote(vote, ts + 1);
                    }
                }
                long roundNanos = System.nanoTime() - roundStart;
                if (driver.decided() != decided + 1) {
                    throw new IllegalStateException("round " + id + " of " + agents + " agents did not end in one decision on its last vote ("
                            + driver.rejected() + " rejections)");
                }
                if (r >= warmup) {
                    last.add(lastNs / 1e6);
                    settled.add(settledNs / 1e6);
                    roundNs += roundNanos;
                }
            }
            int measured = total - warmup;
            double roundMs = roundNs / measured / 1e6;
            return new RoundRow(agents, measured, last.stream().sorted().toList().get(last.size() / 2),
                    last.stream().mapToDouble(Double::doubleValue).max().orElse(0), settled.stream().sorted().toList().get(settled.size() / 2),
                    roundMs, roundMs * 1000 / agents, liveHeap());
        }
    }

    private static List<OpenRow> open(SynodConfig config, List<Integer> openCounts, int vocabulary, PrintStream progress) {
        List<OpenRow> rows = new ArrayList<>();
        Random random = new Random(1);
        try (PipelineDriver driver = new PipelineDriver(config)) {
            long ts = 1_000L;
            for (int a = 0; a < 10; a++) {
                driver.register(registration(a, ts), ts);
            }
            long before = liveHeap();
            int open = 0;
            int probe = 0;
            for (int target : openCounts.stream().sorted().toList()) {
                long start = System.nanoTime();
                while (open < target) {
                    // Open for a day of event time: none closes while the benchmark runs (1 ms of event time per proposal).
                    ts += 1;
                    driver.propose(proposal("open-" + open, 10, 86_400_000L, ts), ts);
                    open++;
                }
                double openSeconds = (System.nanoTime() - start) / 1e9;
                long heap = liveHeap();
                List<Double> probes = new ArrayList<>();
                for (int p = 0; p < 30; p++) {
                    String id = "probe-" + probe++;
                    ts += 1;
                    driver.propose(proposal(id, 10, 600_000L, ts), ts);
                    int decided = driver.decided();
                    for (int a = 0; a < 9; a++) {
                        driver.vote(vote(id, a, random, ts, vocabulary), ts);
                    }
                    long t0 = System.nanoTime();
                    driver.vote(vote(id, 9, random, ts, vocabulary), ts);
                    double ms = (System.nanoTime() - t0) / 1e6;
                    if (driver.decided() != decided + 1) {
                        throw new IllegalStateException("probe " + id + " with " + open + " open proposals was not decided on its last vote");
                    }
                    if (p >= 10) {
                        probes.add(ms);
                    }
                }
                probes.sort(Double::compare);
                OpenRow row = new OpenRow(open, openSeconds, heap, (heap - before) / (double) open, probes.get(probes.size() / 2),
                        probes.get(probes.size() - 1));
                progress.printf("bench scale: %d open proposals, heap live %.1f MiB%n", open, heap / 1048576.0);
                rows.add(row);
            }
        }
        return rows;
    }

    private static AgentRegistration registration(int agent, long ts) {
        return AgentRegistration.newBuilder().setTenant(TENANT).setAgentId(agentId(agent)).setUpdatedAtMs(ts).build();
    }

    private static String agentId(int agent) {
        return String.format("agent-%05d", agent);
    }

    private static Proposal proposal(String id, int agents, long roundTimeoutMs, long ts) {
        List<String> participants = new ArrayList<>(agents);
        for (int a = 0; a < agents; a++) {
            participants.add(agentId(a));
        }
        return Proposal.newBuilder().setEventId(TENANT + "/" + id).setTenant(TENANT).setProposalId(id).setText("Is claim " + id + " supported?")
                .setOptions(OPTIONS).setParticipants(participants)
                .setPolicy(Policy.newBuilder().setMaxRounds(1).setFallback("plurality").setRoundTimeoutMs(roundTimeoutMs).build())
                .setProposedAtMs(ts).build();
    }

    private static Vote vote(String proposal, int agent, Random random, long ts, int vocabulary) {
        String id = agentId(agent);
        return Vote.newBuilder().setEventId(TENANT + "/" + proposal + "/" + id).setTenant(TENANT).setProposalId(proposal).setAgentId(id)
                .setRound(1).setChoice(random.nextDouble() < 0.8 ? "approve" : "reject").setConfidence(0.6 + 0.35 * random.nextDouble())
                .setJustification(sentence(random, vocabulary))
                .setCastAtMs(ts).build();
    }

    /**
     * Each agent in its own words, 14 drawn from a vocabulary of {@code vocabulary} (identical
     * texts would be one copy group, and the coordinator would say so). A small vocabulary is the
     * worst case of copy detection at round close: every bigram is common to many ballots.
     */
    private static String sentence(Random random, int vocabulary) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 14; i++) {
            text.append(i == 0 ? "" : " ").append('w').append(Integer.toString(random.nextInt(vocabulary), 36));
        }
        return text.append('.').toString();
    }


    /** Heap in use after a full collection: what the state and the pipeline hold. */
    private static long liveHeap() {
        for (int i = 0; i < 2; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    static void print(Result result, PrintStream out) throws Exception {
        out.printf("in-process production processors and in-memory stores (no broker), one round of N agents at a time, vocabulary %d words%n",
                result.vocabulary());
        out.printf("%8s %7s %16s %14s %18s %12s %12s %12s%n", "agents", "rounds", "last vote p50 ms", "last vote max", "+ reputation p50", "round ms",
                "us per vote", "heap MiB");
        for (RoundRow r : result.rounds()) {
            out.printf("%8d %7d %16.3f %14.3f %18.3f %12.2f %12.2f %12.1f%n", r.agents(), r.rounds(), r.lastVoteMs(), r.lastVoteMaxMs(), r.settledMs(),
                    r.roundMs(), r.usPerVote(), r.heapBytes() / 1048576.0);
        }
        out.println("last vote: handed in -> decision emitted (published, live); + reputation: until every voter's reputation is updated");
        RoundRow first = result.rounds().isEmpty() ? null : result.rounds().get(0);
        RoundRow last = result.rounds().isEmpty() ? null : result.rounds().get(result.rounds().size() - 1);
        double growth = first == null ? Double.NaN : last.usPerVote() / first.usPerVote();
        if (first != null) {
            out.printf("cost per vote at %d agents is %.2fx that at %d agents (1.0 = linear in votes)%n", last.agents(), growth, first.agents());
        }
        if (!result.open().isEmpty()) {
            out.printf("%10s %10s %12s %14s %15s %13s%n", "open", "open s", "heap MiB", "bytes per open", "probe p50 ms", "probe max ms");
            for (OpenRow o : result.open()) {
                out.printf("%10d %10.1f %12.1f %14.0f %15.3f %13.3f%n", o.open(), o.openSeconds(), o.heapBytes() / 1048576.0, o.bytesPerOpen(),
                        o.probeMs(), o.probeMaxMs());
            }
            out.printf("max heap %.0f MiB%n", result.maxHeap() / 1048576.0);
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("bench", "scale");
        double biggest = last == null ? Double.NaN : last.lastVoteMs();
        summary.put("value", round(biggest));
        summary.put("baseline", 1000.0);
        summary.put("ratio", round(biggest / 1000.0 * 1000) / 1000.0);
        summary.put("unit", "ms from the last vote of the largest round to its decision (target 1,000)");
        summary.put("perVoteGrowth", round(growth * 1000) / 1000.0);
        summary.put("rounds", result.rounds().stream().map(r -> Map.of("agents", r.agents(), "lastVoteMs", round(r.lastVoteMs() * 1000) / 1000,
                "settledMs", round(r.settledMs() * 1000) / 1000, "roundMs", round(r.roundMs()), "usPerVote", round(r.usPerVote()),
                "heapBytes", r.heapBytes())).toList());
        summary.put("open", result.open().stream().map(o -> Map.of("open", o.open(), "heapBytes", o.heapBytes(), "bytesPerOpen", Math.round(o.bytesPerOpen()),
                "probeMs", round(o.probeMs() * 1000) / 1000)).toList());
        summary.put("maxHeapBytes", result.maxHeap());
        summary.put("vocabulary", result.vocabulary());
        out.println(new ObjectMapper().writeValueAsString(summary));
    }

    private static double round(double value) {
        return Double.isNaN(value) ? value : Math.round(value * 10) / 10.0;
    }
}
