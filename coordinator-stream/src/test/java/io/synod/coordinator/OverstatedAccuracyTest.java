package io.synod.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.synod.schemas.AgentProfile;
import io.synod.schemas.Reputation;
import java.util.List;
import org.junit.jupiter.api.Test;

class OverstatedAccuracyTest {

    /** An agent with {@code votes} outcome-checked votes, the decisions' mean support of its choices {@code support}, right {@code right} times. */
    static Reputation checked(String agent, long votes, double support, long right) {
        Reputation reputation = Reputation.newBuilder().setTenant("t").setAgentId(agent).setReputation(0).setAccuracy(0).setIntegrity(1)
                .setVotes(100).setAgreements(0).setCause("test").setUpdatedAtMs(0L).setSoftCorrect(90).setSoftWrong(10).build();
        reputation.setProfile(AgentProfile.newBuilder().setOutcomeVotes(votes).setOutcomeSupport(support * votes).setOutcomeRight(right).build());
        return reputation;
    }

    @Test
    void shouldShrinkTheGapTowardZeroByTenVotesOfNoGap() {
        assertThat(OverstatedAccuracy.gap(checked("a", 10, 0.9, 5))).isCloseTo((9.0 - 5.0) / 20.0, within(1e-12));
        assertThat(OverstatedAccuracy.gap(checked("a", 0, 0.0, 0))).isZero();
        assertThat(OverstatedAccuracy.gap(null)).isZero();
    }

    @Test
    void shouldLeaveAVoterWhoseDecisionsProvedAsRightAsTheyLookedAtFullWeight() {
        Reputation honest = checked("h", 40, 0.8, 32);

        assertThat(OverstatedAccuracy.factor(OverstatedAccuracy.gap(honest), 0.0, 0.8, 2)).isEqualTo(1.0);
    }

    @Test
    void shouldDiscountAVoterWhoAgreedWithDecisionsThatGroundTruthShowedWrong() {
        // Decisions gave its choices 0.9 on average; ground truth found 24 of 40 right: gap (36 - 24) / 50 = 0.24.
        Reputation bloc = checked("b", 40, 0.9, 24);

        double factor = OverstatedAccuracy.factor(OverstatedAccuracy.gap(bloc), 0.0, 0.9, 2);

        assertThat(factor).isCloseTo((0.9 - 0.24 - 0.5) / (0.9 - 0.5), within(1e-12));
    }

    @Test
    void shouldReadEachGapAgainstTheMedianOfTheProposalsVoters() {
        // On a hard task every honest voter sides with some of the crowd's wrong decisions: the same gap for all is no evidence.
        List<Reputation> voters = List.of(checked("a", 30, 0.7, 18), checked("b", 30, 0.7, 18), checked("c", 30, 0.7, 18));
        double[] gaps = OverstatedAccuracy.gaps(voters);
        double reference = OverstatedAccuracy.reference(gaps);

        assertThat(reference).isCloseTo(0.075, within(1e-12));
        assertThat(OverstatedAccuracy.factor(gaps[0], reference, 0.7, 4)).isEqualTo(1.0);
    }

    @Test
    void shouldNeverRaiseAWeightOrTouchAVoterAtOrBelowChance() {
        assertThat(OverstatedAccuracy.factor(OverstatedAccuracy.gap(checked("good", 40, 0.5, 35)), 0.0, 0.8, 2)).isEqualTo(1.0);
        assertThat(OverstatedAccuracy.factor(OverstatedAccuracy.gap(checked("weak", 40, 0.9, 10)), 0.0, 0.45, 2)).isEqualTo(1.0);
        assertThat(OverstatedAccuracy.factor(OverstatedAccuracy.gap(checked("gone", 40, 1.0, 0)), 0.0, 0.6, 2)).isZero();
    }
}
