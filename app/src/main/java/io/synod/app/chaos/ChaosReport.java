package io.synod.app.chaos;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The chaos run as a table of faults, the verifier's counts and findings, and one JSON line. */
public final class ChaosReport {
    private ChaosReport() {
    }

    public static void print(ChaosRun.Result result, PrintStream out) throws Exception {
        out.println();
        out.printf("%-24s %8s %10s %12s  %s%n", "fault", "at (s)", "down (s)", "recovered (s)", "note");
        for (ChaosFaults.Fault fault : result.faults()) {
            out.printf("%-24s %8.1f %10.1f %12.1f  %s%n", fault.name(), fault.atMs() / 1e3, fault.downMs() / 1e3,
                    fault.recoveredMs() / 1e3, fault.note());
        }
        out.println();
        Map<String, Long> counts = result.verdict().counts();
        out.printf("load: %d proposals, %d votes in %.1f s; longest pause between decisions %.1f s; whole run %.1f s%n",
                result.proposals(), result.votes(), result.loadMs() / 1e3, result.longestPauseMs() / 1e3, result.totalMs() / 1e3);
        out.printf("verified: %d final decisions (%d differ from the fault-free replay), %d rejections, %d dead letters, "
                        + "%d membership changes%n", counts.getOrDefault("final_decisions", 0L), counts.getOrDefault("mismatches", 0L),
                counts.getOrDefault("rejections", 0L), counts.getOrDefault("dead_letters", 0L), counts.getOrDefault("membership_changes", 0L));
        out.printf("PostgreSQL rows: decisions %d, audit_log %d, votes %d, proposals %d, reputation_history %d%n",
                counts.getOrDefault("pg_decisions", 0L), counts.getOrDefault("pg_audit_log", 0L), counts.getOrDefault("pg_votes", 0L),
                counts.getOrDefault("pg_proposals", 0L), counts.getOrDefault("pg_reputation_history", 0L));
        if (result.passed()) {
            out.println("PASSED: every proposal has exactly one final decision, equal to the fault-free run; one row per event.");
        } else {
            out.println("FAILED (work directory kept: " + result.workDir() + "):");
            result.verdict().problems().forEach(problem -> out.println("  - " + problem));
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("passed", result.passed());
        json.put("proposals", result.proposals());
        json.put("votes", result.votes());
        json.put("loadSeconds", result.loadMs() / 1e3);
        json.put("longestPauseSeconds", result.longestPauseMs() / 1e3);
        json.put("counts", counts);
        List<Map<String, Object>> faults = new ArrayList<>();
        for (ChaosFaults.Fault fault : result.faults()) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("fault", fault.name());
            f.put("atSeconds", fault.atMs() / 1e3);
            f.put("downSeconds", fault.downMs() / 1e3);
            f.put("recoveredSeconds", fault.recoveredMs() / 1e3);
            f.put("note", fault.note());
            faults.add(f);
        }
        json.put("faults", faults);
        out.println(new ObjectMapper().writeValueAsString(json));
    }
}
