package io.synod.app.compare;

import io.synod.keys.Keys;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Two replays' decisions side by side, proposal by proposal: what a change of policy or
 * configuration changed and, where the truth is known, whether it helped. A proposal missing from a
 * side, or decided there without an option, counts as wrong on that side, as in {@code bench accuracy}.
 */
public final class DecisionComparison {

    /** One line of a DECISIONS.jsonl file, the fields a comparison reads. */
    public record Decided(String tenant, String proposal, String status, String decision) {
        String key() {
            return Keys.of(tenant, proposal);
        }
    }

    /** A proposal whose status or decision differs between the sides (null where a side has none). */
    public record Change(String tenant, String proposal, Decided before, Decided after, String truth) {
        /** +1 when only the after side is right, -1 when only the before side is, 0 when both or neither are, or no truth is known. */
        public int gain() {
            if (truth == null) {
                return 0;
            }
            return Boolean.compare(right(after, truth), right(before, truth));
        }
    }

    /**
     * @param onlyBefore proposals decided on the before side alone
     * @param decisionChanged proposals whose decided option differs (a side without the proposal counts as no option)
     * @param statusChanged proposals with the same option and another status
     * @param judged proposals with a known truth; the accuracies are over these
     * @param changes every proposal that differs, in the after side's decision order, then those only the before side has
     */
    public record Result(int before, int after, int onlyBefore, int onlyAfter, int decisionChanged, int statusChanged, int judged,
                         int rightBefore, int rightAfter, int won, int lost, List<Change> changes) {
        public double accuracyBefore() {
            return judged == 0 ? 0 : (double) rightBefore / judged;
        }

        public double accuracyAfter() {
            return judged == 0 ? 0 : (double) rightAfter / judged;
        }
    }

    private DecisionComparison() {
    }

    /** @param truth the true option by {@code tenant/proposal}; empty when none is known */
    public static Result compare(List<Decided> before, List<Decided> after, Map<String, String> truth) {
        Map<String, Decided> was = byKey(before);
        Map<String, Decided> now = byKey(after);
        List<Change> changes = new ArrayList<>();
        int decisionChanged = 0;
        int statusChanged = 0;
        for (Decided decided : now.values()) {
            Decided earlier = was.get(decided.key());
            if (earlier == null || !Objects.equals(earlier.decision(), decided.decision())) {
                decisionChanged++;
            } else if (!earlier.status().equals(decided.status())) {
                statusChanged++;
            } else {
                continue;
            }
            changes.add(new Change(decided.tenant(), decided.proposal(), earlier, decided, truth.get(decided.key())));
        }
        int onlyBefore = 0;
        for (Decided decided : was.values()) {
            if (!now.containsKey(decided.key())) {
                onlyBefore++;
                decisionChanged++;
                changes.add(new Change(decided.tenant(), decided.proposal(), decided, null, truth.get(decided.key())));
            }
        }
        int rightBefore = 0;
        int rightAfter = 0;
        for (Map.Entry<String, String> known : truth.entrySet()) {
            rightBefore += right(was.get(known.getKey()), known.getValue()) ? 1 : 0;
            rightAfter += right(now.get(known.getKey()), known.getValue()) ? 1 : 0;
        }
        int won = 0;
        int lost = 0;
        for (Change change : changes) {
            won += change.gain() > 0 ? 1 : 0;
            lost += change.gain() < 0 ? 1 : 0;
        }
        int onlyAfter = (int) now.keySet().stream().filter(key -> !was.containsKey(key)).count();
        return new Result(was.size(), now.size(), onlyBefore, onlyAfter, decisionChanged, statusChanged, truth.size(), rightBefore,
                rightAfter, won, lost, List.copyOf(changes));
    }

    private static boolean right(Decided decided, String truth) {
        return decided != null && truth.equals(decided.decision());
    }

    /** A file holds one final decision per proposal; should one repeat, its last line stands. */
    private static Map<String, Decided> byKey(List<Decided> decisions) {
        Map<String, Decided> byKey = new LinkedHashMap<>();
        for (Decided decided : decisions) {
            byKey.remove(decided.key());
            byKey.put(decided.key(), decided);
        }
        return byKey;
    }
}
