package io.synod.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import io.synod.schemas.AgentProfile;
import io.synod.schemas.Reputation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

class ConfidenceResolutionTest {
    /** An agent's history: confidences drawn around its own level, right with the probability {@code rightAt} gives. */
    private static Reputation history(Random random, int votes, double level, DoubleUnaryOperator rightAt) {
        AgentProfile profile = AgentProfile.newBuilder().build();
        for (int i = 0; i < votes; i++) {
            double confidence = Math.max(0.5, Math.min(1.0, level + (random.nextDouble() - 0.5) * 0.4));
            double right = random.nextDouble() < rightAt.applyAsDouble(confidence) ? 1.0 : 0.0;
            profile.setResolutionVotes(profile.getResolutionVotes() + 1);
            profile.setConfidenceSum(profile.getConfidenceSum() + confidence);
            profile.setConfidenceSquares(profile.getConfidenceSquares() + confidence * confidence);
            profile.setRightSum(profile.getRightSum() + right);
            profile.setConfidenceRight(profile.getConfidenceRight() + confidence * right);
        }
        return Reputation.newBuilder().setTenant("t").setAgentId("a").setReputation(0).setAccuracy(0).setIntegrity(1)
                .setVotes(votes).setAgreements(0).setCause("test").setUpdatedAtMs(0L).setProfile(profile).build();
    }

    private static List<Reputation> voters(int agents, int votes, DoubleUnaryOperator rightAt) {
        Random random = new Random(17);
        List<Reputation> voters = new ArrayList<>();
        for (int a = 0; a < agents; a++) {
            voters.add(history(random, votes, 0.6 + 0.3 * random.nextDouble(), rightAt));
        }
        return voters;
    }

    @Test
    void shouldTakeConfidenceAtItsWordBeforeAnyHistory() {
        assertThat(ConfidenceResolution.weight(Arrays.asList(null, null))).isEqualTo(1.0);
        assertThat(ConfidenceResolution.weight(List.of())).isEqualTo(1.0);
    }

    @Test
    void shouldKeepConfidenceThatGoesWithBeingRight() {
        double weight = ConfidenceResolution.weight(voters(10, 200, confidence -> confidence));

        assertThat(weight).isGreaterThan(0.85);
    }

    @Test
    void shouldDropConfidenceThatSaysNothingAboutBeingRight() {
        // A crowd's arbitrary numbers: every vote right three times in four, whatever it says.
        double weight = ConfidenceResolution.weight(voters(10, 200, confidence -> 0.75));

        assertThat(weight).isLessThan(0.15);
    }

    @Test
    void shouldHardlyMoveOnAFewVotes() {
        double weight = ConfidenceResolution.weight(voters(3, 4, confidence -> 0.75));

        assertThat(weight).isGreaterThan(0.6);
    }
}
