package io.synod.reputation;

import static org.assertj.core.api.Assertions.assertThat;

import io.synod.schemas.internal.PeerEvidence;
import io.synod.schemas.internal.PeerVote;
import java.util.List;
import org.junit.jupiter.api.Test;

class CollusionCheckTest {
    private final CollusionCheck check = new CollusionCheck(40, 0.02, 0.1, 2, 128);

    private PeerEvidence covotes(int n, boolean agreeWithB, double peerAccuracy) {
        PeerEvidence evidence = null;
        for (int i = 0; i < n; i++) {
            evidence = check.record(evidence, List.of(
                    PeerVote.newBuilder().setAgentId("b").setAgreed(agreeWithB).setAccuracy(peerAccuracy).build(),
                    PeerVote.newBuilder().setAgentId("c").setAgreed(true).setAccuracy(peerAccuracy).build()));
        }
        return evidence;
    }

    @Test
    void shouldFlagAnAgentThatNeverDisagreesWithTwoPartnersWhoseAccuraciesImplyDisagreement() {
        assertThat(check.isColluding(covotes(50, true, 0.7), 0.7)).isTrue();
    }

    @Test
    void shouldSpareAgentsThatDisagreeAsOftenAsIndependentVotersWould() {
        PeerEvidence evidence = null;
        for (int i = 0; i < 100; i++) {
            boolean agree = i % 10 < 7;
            evidence = check.record(evidence, List.of(
                    PeerVote.newBuilder().setAgentId("b").setAgreed(agree).setAccuracy(0.7).build(),
                    PeerVote.newBuilder().setAgentId("c").setAgreed(agree).setAccuracy(0.7).build()));
        }
        assertThat(check.isColluding(evidence, 0.7)).isFalse();
    }

    @Test
    void shouldSpareNearPerfectAgentsWhoAreExpectedToAgree() {
        assertThat(check.isColluding(covotes(100, true, 0.97), 0.96)).isFalse();
    }

    @Test
    void shouldJudgeByCurrentAccuraciesNotTheEarlyUncertainOnes() {
        PeerEvidence early = covotes(60, true, 0.6);
        assertThat(check.isColluding(early, 0.6)).isTrue();
        assertThat(check.isColluding(covotes(60, true, 0.97), 0.97)).isFalse();
    }

    @Test
    void shouldListAsEchoesTheCovotersNeverDisagreedWithEvenWhenTheirAccuraciesExpectAgreement() {
        assertThat(check.echoes(covotes(100, true, 0.97))).containsExactly("b", "c");
        assertThat(check.echoes(covotes(100, false, 0.97))).containsExactly("c");
    }

    @Test
    void shouldListNoEchoesBeforeEnoughCovotesOrWithCrossAgentVerificationOff() {
        assertThat(check.echoes(covotes(39, true, 0.97))).isEmpty();
        CollusionCheck off = new CollusionCheck(40, 0.02, 0.1, Integer.MAX_VALUE, 128);
        assertThat(off.echoes(off.record(covotes(60, true, 0.97), List.of()))).isEmpty();
    }

    @Test
    void shouldNotJudgeBeforeEnoughCovotes() {
        assertThat(check.isColluding(covotes(39, true, 0.6), 0.6)).isFalse();
    }

    @Test
    void shouldForgetTheLeastSeenCovoterWhenFull() {
        CollusionCheck small = new CollusionCheck(40, 0.02, 0.1, 2, 2);
        PeerEvidence evidence = small.record(null, List.of(PeerVote.newBuilder().setAgentId("b").setAgreed(true).setAccuracy(0.5).build(),
                PeerVote.newBuilder().setAgentId("b2").setAgreed(true).setAccuracy(0.5).build()));
        evidence = small.record(evidence, List.of(PeerVote.newBuilder().setAgentId("b").setAgreed(true).setAccuracy(0.5).build()));

        evidence = small.record(evidence, List.of(PeerVote.newBuilder().setAgentId("c").setAgreed(true).setAccuracy(0.5).build()));

        assertThat(evidence.getPeers()).containsOnlyKeys("b", "c");
    }

    /** Eviction by the definition: before each newcomer, drop the entry with fewest co-votes, ties to the smallest id. */
    private static java.util.Map<String, Long> referenceCounts(List<List<String>> votes, int maxTracked) {
        java.util.Map<String, Long> counts = new java.util.HashMap<>();
        for (List<String> vote : votes) {
            for (String agent : vote) {
                if (!counts.containsKey(agent) && counts.size() >= maxTracked) {
                    counts.entrySet().stream().min(java.util.Map.Entry.<String, Long>comparingByValue().thenComparing(java.util.Map.Entry.comparingByKey()))
                            .ifPresent(least -> counts.remove(least.getKey()));
                }
                counts.merge(agent, 1L, Long::sum);
            }
        }
        return counts;
    }

    @Test
    void shouldEvictExactlyAsAScanForTheLeastSeenWould() {
        java.util.Random random = new java.util.Random(11);
        for (int trial = 0; trial < 300; trial++) {
            int maxTracked = 1 + random.nextInt(12);
            CollusionCheck small = new CollusionCheck(40, 0.02, 0.1, 2, maxTracked);
            List<List<String>> votes = new java.util.ArrayList<>();
            PeerEvidence evidence = null;
            for (int v = 0; v < 60; v++) {
                List<String> agents = new java.util.ArrayList<>();
                List<PeerVote> peers = new java.util.ArrayList<>();
                for (int p = random.nextInt(8); p > 0; p--) {
                    // Repeats within one vote too, and a pool larger than the tracked maximum.
                    String agent = "a" + random.nextInt(3 * maxTracked + 2);
                    agents.add(agent);
                    peers.add(PeerVote.newBuilder().setAgentId(agent).setAgreed(random.nextBoolean()).setAccuracy(0.5).build());
                }
                votes.add(agents);
                evidence = small.record(evidence, peers);
                java.util.Map<String, Long> counts = new java.util.HashMap<>();
                evidence.getPeers().forEach((agent, stats) -> counts.put(agent, stats.getCovotes()));
                assertThat(counts).as("trial %d vote %d", trial, v).isEqualTo(referenceCounts(votes, maxTracked));
            }
        }
    }
}
