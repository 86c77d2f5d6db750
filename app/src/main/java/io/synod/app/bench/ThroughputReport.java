package io.synod.app.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The throughput benchmark's table and its last line, one JSON object with every phase. */
final class ThroughputReport {
    private ThroughputReport() {
    }

    static void print(ThroughputBench.Result result, PrintStream out) throws Exception {
        ThroughputBench.Options o = result.options();
        out.printf("votes/s in -> decisions out, %d agents per proposal, %d concurrent proposals, %s (%s)%n",
                o.agents(), o.concurrent(), o.signed() ? "Ed25519-signed votes" : "unsigned votes", result.settings());
        out.printf("%-12s %9s %10s %12s %9s %9s %9s %9s %9s  %s%n", "phase", "offered", "votes/s", "decisions/s", "p50 ms", "p95 ms", "p99 ms",
                "max ms", "seconds", "thirds (votes/s)");
        for (ThroughputBench.Phase p : result.phases()) {
            LatencyWindow.Percentiles l = p.latency();
            out.printf("%-12s %9s %10.0f %12.1f %9s %9s %9s %9s %9.1f  %s%n", p.name(), p.offered() > 0 ? String.format("%.0f", p.offered()) : "max",
                    p.votesPerSecond(), p.decisionsPerSecond(), ms(l, LatencyWindow.Percentiles::p50), ms(l, LatencyWindow.Percentiles::p95),
                    ms(l, LatencyWindow.Percentiles::p99), ms(l, LatencyWindow.Percentiles::max), p.seconds(),
                    p.thirds().stream().map(v -> String.format("%.0f", v)).toList());
        }
        for (ThroughputBench.Phase p : result.phases()) {
            out.printf("cpu %s: %s%n", p.name(), p.cpu().describe());
            out.printf("cpu %s by thread: %s%n", p.name(), ThreadCpu.describe(p.cpu().byThreads()));
            out.printf("broker %s: %s; %s%n", p.name(), p.traffic().describe(), p.traffic().describeRequests());
            if (p.check() != null) {
                out.printf("check %s: %s -> %s%n", p.name(), p.check().describe(), p.check().ok() ? "OK" : "FAILED");
            }
            if (p.rounds() != null) {
                out.printf("hops %s: proposal -> round p50 %.1f / p99 %.1f ms; last vote -> last scored vote p50 %.1f / p99 %.1f ms%n", p.name(),
                        p.rounds().p50(), p.rounds().p99(), p.detectorHop().p50(), p.detectorHop().p99());
            }
            if (p.mirror() != null) {
                out.printf("mirror %s: %s%n", p.name(), p.mirror().describe());
            }
            if (p.offered() > 0) {
                out.printf("paced %s: %.0f votes/s offered, %d proposals not issued because %d were open%n", p.name(), p.offered(), p.skipped(),
                        Math.max(o.concurrent(), (int) Math.ceil(p.offered() / o.agents() * 10)));
            }
            if (!p.samples().isEmpty()) {
                out.printf("%8s %12s %12s %12s %8s %10s%n", "second", "heap live MiB", "heap used MiB", "state MiB", "lag", "decided");
                for (SoakSampler.Sample s : p.samples()) {
                    out.printf("%8.0f %12.1f %12.1f %12.1f %8d %10d%n", s.atSeconds(), s.heapLiveBytes() / 1048576.0, s.heapUsedBytes() / 1048576.0,
                            s.stateBytes() / 1048576.0, s.lag(), s.decided());
                }
                out.printf("soak verdicts: %s%n", SoakSampler.verdicts(p.samples()));
            }
        }
        double synod = result.best("synod");
        double ceiling = result.best("ceiling");
        double votesOnly = result.best(ThroughputBench.VOTES_ONLY);
        out.printf("Synod %.0f votes/s = %.1f%% of the pass-through ceiling %.0f votes/s in the same loop (best phases); %.0f decisions/minute.%n",
                synod, 100 * synod / ceiling, ceiling, synod / o.agents() * 60);
        if (votesOnly > 0) {
            out.printf("The pass-through's votes alone, with no rounds to wait for, %.0f votes/s: Synod is %.1f%% of that.%n", votesOnly,
                    100 * synod / votesOnly);
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("bench", "throughput");
        summary.put("value", Math.round(synod));
        summary.put("baseline", Math.round(ceiling));
        summary.put("ratio", Math.round(synod / ceiling * 1000) / 1000.0);
        if (votesOnly > 0) {
            summary.put("votesOnlyBaseline", Math.round(votesOnly));
            summary.put("votesOnlyRatio", Math.round(synod / votesOnly * 1000) / 1000.0);
        }
        summary.put("unit", "votes/s");
        summary.put("agents", o.agents());
        summary.put("concurrent", o.concurrent());
        summary.put("signed", o.signed());
        summary.put("decisionsPerMinute", Math.round(synod / o.agents() * 60));
        summary.put("checksPassed", result.checksPassed());
        summary.put("settings", result.settings());
        List<Map<String, Object>> phases = new ArrayList<>();
        for (ThroughputBench.Phase p : result.phases()) {
            Map<String, Object> phase = new LinkedHashMap<>();
            phase.put("phase", p.name());
            phase.put("votesPerSecond", Math.round(p.votesPerSecond()));
            phase.put("thirds", p.thirds().stream().map(Math::round).toList());
            phase.put("cpuMsPerVote", Math.round(p.cpu().cpuMsPerVote() * 1000) / 1000.0);
            phase.put("cores", Math.round(p.cpu().cores() * 100) / 100.0);
            Map<String, Double> byThreads = new LinkedHashMap<>();
            p.cpu().byThreads().forEach((group, ms) -> byThreads.put(group, Math.round(ms * 1000) / 1000.0));
            phase.put("cpuMsPerVoteByThreads", byThreads);
            phase.put("load", Math.round(p.cpu().loadAfter() * 10) / 10.0);
            phase.put("logEntriesPerVote", round(p.traffic().total()));
            double requests = p.traffic().requests();
            phase.put("brokerRequestsPerVote", Double.isNaN(requests) ? requests : Math.round(requests * 100) / 100.0);
            if (p.offered() > 0) {
                phase.put("offered", Math.round(p.offered()));
                phase.put("skipped", p.skipped());
            }
            if (!p.samples().isEmpty()) {
                phase.put("soak", SoakSampler.verdicts(p.samples()));
                phase.put("samples", p.samples().stream().map(x -> List.of(Math.round(x.atSeconds()), x.heapLiveBytes(), x.stateBytes(), x.lag())).toList());
            }
            if (p.latency() != null) {
                phase.put("p95", round(p.latency().p95()));
                phase.put("p50", round(p.latency().p50()));
                phase.put("p99", round(p.latency().p99()));
                phase.put("max", round(p.latency().max()));
            }
            if (p.check() != null) {
                phase.put("check", Map.of("ok", p.check().ok(), "issued", p.check().issued(), "missing", p.check().missing(),
                        "duplicated", p.check().duplicated(), "incomplete", p.check().incomplete()));
            }
            if (p.mirror() != null) {
                phase.put("mirror", p.mirror().asMap());
            }
            phases.add(phase);
        }
        summary.put("phases", phases);
        out.println(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(summary));
    }

    private static String ms(LatencyWindow.Percentiles l, java.util.function.ToDoubleFunction<LatencyWindow.Percentiles> f) {
        return l == null || l.count() == 0 ? "-" : String.format("%.1f", f.applyAsDouble(l));
    }

    static double round(double value) {
        return Double.isNaN(value) ? value : Math.round(value * 10) / 10.0;
    }
}
