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
}
