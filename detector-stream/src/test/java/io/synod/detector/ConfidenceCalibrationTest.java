package io.synod.detector;

import static org.assertj.core.api.Assertions.assertThat;

import io.synod.schemas.AgentProfile;
import org.junit.jupiter.api.Test;

class ConfidenceCalibrationTest {
    private final ConfidenceCalibration method = new ConfidenceCalibration(DetectorSettings.defaults());

    @Test
    void shouldFindExtremeConfidenceWithNextToNoReasoning() {
        MethodScore score = method.score(Contexts.context(Contexts.vote("a1", "approve", 1.0, "Looks right."), null));

        assertThat(score.reasons()).containsExactly(ConfidenceCalibration.EXTREME_WITHOUT_REASONING);
        assertThat(score.score()).isBetween(0.1, 0.3);
    }

    @Test
    void shouldLeaveAConfidentVoteWithAnArgumentAlone() {
        MethodScore score = method.score(Contexts.context(Contexts.vote("a1", "approve", 0.99,
                "Two independent audits report the same revenue figures and the filing date matches the registry."), null));

        assertThat(score).isEqualTo(MethodScore.NONE);
    }

    @Test
    void shouldNotTreatTerseConfidentVotesAsASignalWhereTheWholeTenantVotesThatWay() {
        RoundMemory.TenantNorms everyoneTerse = new RoundMemory.TenantNorms(5_000, 1.0, 1.0);

        MethodScore score = method.score(Contexts.context(Contexts.vote("a1", "approve", 1.0, ""), null, java.util.List.of(), null, 1, everyoneTerse));

        assertThat(score).isEqualTo(MethodScore.NONE);
    }

    @Test
    void shouldFindConfidenceFurtherFromTheTruthThanACoinFlippersOverManyVotes() {
        AgentProfile confidentlyWrong = AgentProfile.newBuilder().setBrierTruth(8.1).setBrierTruthVotes(10).build();

        MethodScore score = method.score(Contexts.context(Contexts.vote("a1", "approve", 0.9,
                "The quarterly report and the press release agree on every number quoted."), Contexts.reputation("a1", confidentlyWrong)));

        assertThat(score.reasons()).containsExactly(ConfidenceCalibration.MISCALIBRATED);
    }

    @Test
    void shouldNotJudgeCalibrationOnTooFewVotes() {
        AgentProfile young = AgentProfile.newBuilder().setBrierTruth(4.0).setBrierTruthVotes(5).setBrierDecisions(5.0).setBrierDecisionVotes(6).build();

        assertThat(ConfidenceCalibration.meanBrier(young)).isNull();
    }
}
