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
        Random random = new Random(seed);
        AgentProfile profile = AgentProfiles.empty();
        for (int i = 0; i < votes; i++) {
            boolean agreed = random.nextDouble() < agree.applyAsDouble(i);
            AgentProfiles.onDecision(profile, ReputationSignal.newBuilder().setTenant("t").setAgentId("a").setKind("decision")
                    .setAtMs(i).setAgreed(agreed).setChoice(agreed ? "approve" : "reject").setDecision("approve")
                    .setPosterior(Map.of("approve", 0.9, "reject", 0.1)).setOptions(2).build());
        }
        return profile;
    }

    @Test
    void shouldQuarantineAnAgentAgreeingWithDecisionsFarLessThanChance() {
        assertThat(verdicts.verdict(history(80, i -> 0.1, 1))).isEqualTo("contrarian");
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
