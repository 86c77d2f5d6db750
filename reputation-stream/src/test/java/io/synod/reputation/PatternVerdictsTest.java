package io.synod.reputation;

import static org.assertj.core.api.Assertions.assertThat;

import io.synod.config.SynodConfig;
import io.synod.schemas.AgentProfile;
import io.synod.schemas.internal.ReputationSignal;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PatternVerdictsTest {
    private final PatternVerdicts verdicts = PatternVerdicts.from(SynodConfig.defaults());

    /** An agent's profile after votes on binary proposals that agreed with the decision with probability {@code agree(i)}. */
    private static AgentProfile history(int votes, java.util.function.IntToDoubleFunction agree, long seed) {
        return history(votes, 2, agree, seed);
    }

    private static AgentProfile history(int votes, int options, java.util.function.IntToDoubleFunction agree, long seed) {
        Random random = new Random(seed);
        AgentProfile profile = AgentProfiles.empty();
        for (int i = 0; i < votes; i++) {
            boolean agreed = random.nextDouble() < agree.applyAsDouble(i);
            AgentProfiles.onDecision(profile, ReputationSignal.newBuilder().setTenant("t").setAgentId("a").setKind("decision")
                    .setAtMs(i).setAgreed(agreed).setChoice(agreed ? "approve" : "reject").setDecision("approve")
                    .setPosterior(Map.of("approve", 0.9, "reject", 0.1)).setOptions(options).build());
        }
        return profile;
    }

    @Test
    void shouldQuarantineAnAgentAgreeingWithDecisionsFarLessThanChance() {
        assertThat(verdicts.verdict(history(80, i -> 0.1, 1))).isEqualTo("contrarian");
    }

    @Test
    void shouldQuarantineAnAgentAgreeingLessThanHalfAsOftenAsChanceBeforeTheStrictLevelIsReached() {
        // 6 of 60: a tail of 9e-6 against 70% of chance, short of the strict 1e-6.
        AgentProfile inverted = history(60, i -> i % 10 == 0 ? 1.0 : 0.0, 1);
        PatternVerdicts strictOnly = PatternVerdicts.from(SynodConfig.defaults().with(Map.of("detector.contrarian.inverted.significance", "0",
                "detector.contrarian.inverted.chance.significance", "0")));

        assertThat(strictOnly.verdict(inverted)).isNull();
        assertThat(verdicts.verdict(inverted)).isEqualTo("contrarian");
    }

    @Test
    void shouldQuarantineAnAgentAtHalfOfChanceAmongFourOptionsOnALongRecord() {
        // 20 of 200 where chance is 50: a tail of 2.1e-3 against 70% of chance, 7e-8 against chance itself.
        AgentProfile inverted = history(200, 4, i -> i % 10 == 0 ? 1.0 : 0.0, 1);
        PatternVerdicts withoutChanceLevel = PatternVerdicts.from(SynodConfig.defaults().with("detector.contrarian.inverted.chance.significance", "0"));

        assertThat(withoutChanceLevel.verdict(inverted)).isNull();
        assertThat(verdicts.verdict(inverted)).isEqualTo("contrarian");
    }

    @Test
    void shouldSpareAnAgentAtHalfOfChanceAmongFourOptionsOnAShortRecord() {
        // 1 of 40 where chance is 10: a tail of 1.4e-4 against chance, 4.3e-3 against 70% of it.
        assertThat(verdicts.verdict(history(40, 4, i -> i == 0 ? 1.0 : 0.0, 1))).isNull();
    }

    @Test
    void shouldSpareAnAgentSignificantlyBelowSeventyPercentOfChanceButAboveHalfOfIt() {
        // 168 of 600 (28%, chance 50%): a tail of 1.5e-4 against 70% of chance, yet more than half of chance.
        assertThat(verdicts.verdict(history(600, i -> i % 25 < 7 ? 1.0 : 0.0, 1))).isNull();
    }

    @Test
    void shouldSpareAnInaccurateAgentThatVotesAtChance() {
        for (long seed = 1; seed <= 20; seed++) {
            assertThat(verdicts.verdict(history(600, i -> 0.5, seed))).as("seed %d", seed).isNull();
        }
    }

    @Test
    void shouldSpareAPoorAgentBelowChanceButNotFarBelowIt() {
        for (long seed = 1; seed <= 20; seed++) {
            assertThat(verdicts.verdict(history(600, i -> 0.38, seed))).as("seed %d", seed).isNull();
        }
    }

    @Test
    void shouldQuarantineASleeperThatTurnsAgainstTheDecisionsAfterAGoodRecord() {
        assertThat(verdicts.verdict(history(90, i -> i < 50 ? 0.9 : 0.02, 3))).isEqualTo("sleeper");
    }

    /** Ground truth on the agent's last votes: each true or not, arriving after the vote it judges. */
    private static AgentProfile withOutcomes(AgentProfile profile, boolean... right) {
        for (boolean r : right) {
            AgentProfiles.onOutcome(profile, ReputationSignal.newBuilder().setTenant("t").setAgentId("a").setKind("outcome").setAtMs(0)
                    .setAgreed(r).setChoice("approve").setDecision("approve").setTruth(r ? "approve" : "reject").setConfidence(0.8)
                    .setPosterior(Map.of("approve", 0.9, "reject", 0.1)).setOptions(2).build());
        }
        return profile;
    }

    /**
     * 60 votes with the decisions, then 28 of which 5 agree: far below chance (a binomial tail of 0.0055
     * against 85% of chance), but not at the strict level on so few votes.
     */
    private static AgentProfile recentlyTurned() {
        return history(88, i -> i < 60 || i == 62 || i == 67 || i == 72 || i == 78 || i == 84 ? 1.0 : 0.0, 5);
    }

    @Test
    void shouldQuarantineARecentSleeperWhenGroundTruthCorroboratesTheTurn() {
        assertThat(verdicts.verdict(recentlyTurned())).isNull();

        assertThat(verdicts.verdict(withOutcomes(recentlyTurned(), false, false))).isEqualTo("sleeper");
    }

    @Test
    void shouldTestATurnTheTruthCorroboratesAgainstChanceItself() {
        // 60 votes with the decisions, then 40 of which every fourth agrees (sleepers that turned together win
        // some of their proposals): 10 of 40 is a tail of 0.017 against 85% of chance, 0.0011 against chance.
        java.util.function.IntToDoubleFunction cell = i -> i < 60 || i % 4 == 0 ? 1.0 : 0.0;

        assertThat(verdicts.verdict(history(100, cell, 1))).isNull();
        assertThat(verdicts.verdict(withOutcomes(history(100, cell, 1), false, false))).as("two wrong outcomes").isNull();
        assertThat(verdicts.verdict(withOutcomes(history(100, cell, 1), false, false, false))).isEqualTo("sleeper");
    }

    @Test
    void shouldSpareAGoodAgentThatDriftsToChanceThoughTheTruthFindsItWrongThreeTimes() {
        for (long seed = 1; seed <= 20; seed++) {
            assertThat(verdicts.verdict(withOutcomes(history(150, i -> i < 60 ? 0.9 : 0.5, seed), false, false, false))).as("seed %d", seed)
                    .isNull();
        }
    }

    @Test
    void shouldNotTakeOneWrongOutcomeOrAMixedRecordForCorroboration() {
        assertThat(verdicts.verdict(withOutcomes(recentlyTurned(), false))).isNull();
        assertThat(verdicts.verdict(withOutcomes(recentlyTurned(), false, true, false))).isNull();
    }

    @Test
    void shouldQuarantineASleeperThatStillSidesWithSomeDecisionsAfterItTurns() {
        // A turned agent still agrees with the decisions it sways or that went wrong: one vote in seven here,
        // not far enough below chance for a contrarian's margin.
        for (long seed = 1; seed <= 10; seed++) {
            AgentProfile profile = history(110, i -> i < 60 ? 0.9 : i % 7 == 0 ? 1.0 : 0.0, seed);
            assertThat(verdicts.verdict(profile)).as("seed %d", seed).isEqualTo("sleeper");
        }
    }

    @Test
    void shouldSpareAGoodAgentThatDriftsTowardChance() {
        for (long seed = 1; seed <= 20; seed++) {
            assertThat(verdicts.verdict(history(150, i -> i < 60 ? 0.9 : 0.5, seed))).as("seed %d", seed).isNull();
        }
    }

    @Test
    void shouldQuarantineHabitualFlipFloppingWithoutNewArguments() {
        AgentProfile profile = AgentProfile.newBuilder().setLaterRoundVotes(6).setFlipFlops(5).build();

        assertThat(verdicts.verdict(profile)).isEqualTo("flip_flopping");
    }
}
