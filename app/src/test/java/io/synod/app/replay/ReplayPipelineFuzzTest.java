package io.synod.app.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.synod.config.SynodConfig;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Random event sequences, valid and not, through replay and through the Topology objects: both must
 * end (every round closes at the end of input) and agree byte for byte on decisions, agents and
 * rejections. Each sequence mixes what the hand-written cases take one at a time: multi-round and
 * escalating policies with deadlines off the coordinator's punctuation grid, votes for later rounds,
 * for options not offered and from strangers, duplicates, agents leaving, arbitrations, outcomes
 * before, after and without their decisions, and, in half of them, two tenants with the same ids.
 * The 60 sequences end in every status (achieved, fallback, deadlock, escalated, failed, arbitrated).
 * Every fifth forgets ended proposals after 800 ms (consensus.ended.retention.ms), which changes the
 * output of four in five of those sequences. {@code -Dfuzz.seeds=N} runs more of them (600
 * agreed, in 17 s).
 */
class ReplayPipelineFuzzTest {
    private static final String[] FALLBACKS = {"none", "simple_majority", "plurality", "escalate"};

    static List<String> randomEvents(long seed) {
        Random random = new Random(seed);
        // Events by time; lines at one time keep the order they were added in.
        java.util.TreeMap<Long, List<String>> timeline = new java.util.TreeMap<>();
        int agents = 3 + random.nextInt(4);
        // Half of the sequences run two tenants side by side, with the same agent and proposal ids in both.
        String[] tenants = random.nextBoolean() ? new String[] {"default"} : new String[] {"default", "t2"};
        for (String tenant : tenants) {
            for (int a = 1; a <= agents; a++) {
                at(timeline, 0, "{\"type\":\"agent\",\"agent\":\"a" + a + "\",\"tenant\":\"" + tenant + "\",\"ts\":0}");
            }
        }
        int proposals = 4 + random.nextInt(8);
        long opened = 0;
        for (int n = 1; n <= proposals; n++) {
            opened += random.nextInt(3) == 0 ? random.nextInt(50) : 200 + random.nextInt(2000);
            String t = ",\"tenant\":\"" + tenants[random.nextInt(tenants.length)] + "\"";
            int p = tenants.length > 1 && random.nextBoolean() ? Math.max(1, n - 1) : n;
            boolean three = random.nextBoolean();
            String[] options = three ? new String[] {"A", "B", "C"} : new String[] {"approve", "reject"};
            int timeout = 150 + random.nextInt(1500);
            int maxRounds = 1 + random.nextInt(3);
            StringBuilder participants = new StringBuilder();
            if (random.nextBoolean()) {
                participants.append(",\"participants\":[");
                for (int a = 1; a <= agents; a++) {
                    participants.append(a == 1 ? "" : ",").append("\"a").append(a).append('"');
                }
                participants.append(']');
            }
            at(timeline, opened, "{\"type\":\"proposal\",\"proposal\":\"p" + p + "\"" + t + ",\"ts\":" + opened + ",\"options\":"
                    + (three ? "[\"A\",\"B\",\"C\"]" : "[\"approve\",\"reject\"]") + participants
                    + ",\"policy\":{\"threshold\":" + (0.5 + random.nextInt(5) / 10.0) + ",\"maxRounds\":" + maxRounds
                    + ",\"minParticipants\":" + (1 + random.nextInt(3)) + ",\"roundTimeoutMs\":" + timeout
                    + ",\"fallback\":\"" + FALLBACKS[random.nextInt(FALLBACKS.length)] + "\",\"fallbackAfterRounds\":" + (1 + random.nextInt(maxRounds)) + "}}");
            String favourite = options[random.nextInt(options.length)];
            for (int round = 1; round <= maxRounds; round++) {
                long roundStart = opened + (round - 1L) * timeout;
                for (int a = 1; a <= agents; a++) {
                    if (random.nextInt(10) < 2) {
                        continue;
                    }
                    String choice = random.nextInt(10) < 6 ? favourite : random.nextInt(12) == 0 ? (random.nextBoolean() ? "abstain" : "maybe")
                            : options[random.nextInt(options.length)];
                    long ts = roundStart + 1 + random.nextInt(Math.max(1, timeout + 100));
                    at(timeline, ts, "{\"type\":\"vote\",\"proposal\":\"p" + p + "\"" + t + ",\"agent\":\"a" + a + "\""
                            + (random.nextInt(3) == 0 ? "" : ",\"round\":" + round) + ",\"choice\":\"" + choice + "\",\"confidence\":"
                            + random.nextInt(11) / 10.0 + ",\"justification\":\"reason " + random.nextInt(5) + " for " + choice + "\",\"ts\":" + ts + "}");
                    if (random.nextInt(15) == 0) {
                        at(timeline, ts + random.nextInt(5), "{\"type\":\"vote\",\"proposal\":\"p" + p + "\"" + t + ",\"agent\":\"a" + a
                                + "\",\"choice\":\"" + choice + "\",\"ts\":" + (ts + random.nextInt(5)) + "}");
                    }
                }
            }
            if (random.nextInt(3) == 0) {
                long ts = opened + random.nextInt(maxRounds * timeout + 2000);
                at(timeline, ts, "{\"type\":\"outcome\",\"proposal\":\"p" + p + "\"" + t + ",\"truth\":\"" + options[random.nextInt(options.length)]
                        + "\",\"ts\":" + ts + "}");
            }
            if (random.nextInt(4) == 0) {
                long ts = opened + random.nextInt(maxRounds * timeout + 3000);
                at(timeline, ts, "{\"type\":\"arbitration\",\"proposal\":\"p" + p + "\"" + t + ",\"decision\":\"" + options[random.nextInt(options.length)]
                        + "\",\"by\":\"reviewer\",\"ts\":" + ts + "}");
            }
        }
        for (int noise = random.nextInt(8); noise > 0; noise--) {
            long ts = random.nextInt((int) opened + 1);
            switch (random.nextInt(5)) {
                case 0 -> at(timeline, ts, "{\"type\":\"vote\",\"proposal\":\"p" + (1 + random.nextInt(proposals)) + "\",\"agent\":\"stranger\",\"choice\":\"A\",\"ts\":" + ts + "}");
                case 1 -> at(timeline, ts, "{\"type\":\"outcome\",\"proposal\":\"unknown" + noise + "\",\"truth\":\"A\",\"ts\":" + ts + "}");
                case 2 -> at(timeline, ts, "{\"type\":\"agent\",\"agent\":\"a" + (1 + random.nextInt(agents)) + "\",\"active\":" + random.nextBoolean()
                        + ",\"ts\":" + ts + "}");
                case 3 -> at(timeline, ts, "{\"type\":\"vote\",\"proposal\":\"p1\"}");
                default -> at(timeline, ts, "{not json");
            }
        }
        List<String> lines = new ArrayList<>();
        timeline.values().forEach(lines::addAll);
        return lines;
    }

    private static void at(java.util.TreeMap<Long, List<String>> timeline, long ts, String line) {
        timeline.computeIfAbsent(ts, t -> new ArrayList<>()).add(line);
    }

    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void shouldEndAndDecideExactlyAsTheTopologyObjectsOnRandomEventSequences() throws Exception {
        for (long seed = 1; seed <= Long.getLong("fuzz.seeds", 60); seed++) {
            List<String> lines = randomEvents(seed);

            // Every third sequence under the seed document's reputation rule instead of the default policy.
            SynodConfig config = seed % 3 == 0 ? SynodConfig.defaults().with("policy", "seed") : SynodConfig.defaults();
            // Every fifth forgets ended proposals within the sequence, so late votes, outcomes and reused ids meet forgotten ones.
            if (seed % 5 == 0) {
                config = config.with("consensus.ended.retention.ms", "800");
            }

            String[] both = ReplayPipelineEquivalenceTest.viaBoth(lines, config);

            assertThat(both[0]).as("seed %d:%n%s", seed, String.join("\n", lines)).isEqualTo(both[1]);
        }
    }
}
