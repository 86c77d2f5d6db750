package io.synod.app.compare;

import io.synod.keys.Keys;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Two replays' verdicts on the agents (AGENTS.jsonl) side by side: which agents a change newly
 * treats as Byzantine and which it clears. An agent missing from a side counts as not Byzantine there.
 */
public final class VerdictComparison {

    /** One line of an AGENTS.jsonl file, the fields a comparison reads. */
    public record Verdict(String tenant, String agent, boolean byzantine, double reputation) {
        String key() {
            return Keys.of(tenant, agent);
        }
    }

    /** An agent whose verdict differs; a side without the agent is null. */
    public record Change(String tenant, String agent, Verdict before, Verdict after) {
        public boolean flagged() {
            return after != null && after.byzantine();
        }
    }

    /** @param changes newly flagged agents first, then cleared ones, each in tenant and agent order */
    public record Result(int flaggedBefore, int flaggedAfter, int newlyFlagged, int cleared, List<Change> changes) {
    }

    private VerdictComparison() {
    }

    public static Result compare(List<Verdict> before, List<Verdict> after) {
        Map<String, Verdict> was = byKey(before);
        Map<String, Verdict> now = byKey(after);
        List<Change> flagged = new ArrayList<>();
        List<Change> cleared = new ArrayList<>();
        TreeSet<String> keys = new TreeSet<>(was.keySet());
        keys.addAll(now.keySet());
        for (String key : keys) {
            Verdict earlier = was.get(key);
            Verdict later = now.get(key);
            boolean byzantineBefore = earlier != null && earlier.byzantine();
            boolean byzantineAfter = later != null && later.byzantine();
            if (byzantineBefore != byzantineAfter) {
                Verdict any = later != null ? later : earlier;
                (byzantineAfter ? flagged : cleared).add(new Change(any.tenant(), any.agent(), earlier, later));
            }
        }
        List<Change> changes = new ArrayList<>(flagged);
        changes.addAll(cleared);
        return new Result(count(was), count(now), flagged.size(), cleared.size(), List.copyOf(changes));
    }

    private static int count(Map<String, Verdict> verdicts) {
        return (int) verdicts.values().stream().filter(Verdict::byzantine).count();
    }

    private static Map<String, Verdict> byKey(List<Verdict> verdicts) {
        Map<String, Verdict> byKey = new LinkedHashMap<>();
        verdicts.forEach(verdict -> byKey.put(verdict.key(), verdict));
        return byKey;
    }
}
