package io.synod.detector;

import static org.assertj.core.api.Assertions.assertThat;

import io.synod.schemas.AgentProfile;
import org.junit.jupiter.api.Test;

class JustificationQualityTest {
    private final JustificationQuality method = new JustificationQuality(DetectorSettings.defaults());
    private static final String ARGUED = "The contract's second clause names the supplier, and the invoice carries the same tax number.";

    @Test
    void shouldFindAnEmptyJustificationInATenantWhereAgentsUsuallyArgue() {
        assertThat(method.score(Contexts.context(Contexts.vote("a1", "approve", 0.7, ""), null)).reasons())
                .containsExactly(JustificationQuality.EMPTY);
    }

    @Test
    void shouldFindAJustificationThatSaysAlmostNothing() {
        assertThat(method.score(Contexts.context(Contexts.vote("a1", "approve", 0.7, "Same as usual, approve."), null)).reasons())
                .containsExactly(JustificationQuality.LOW_INFORMATION);
    }

    @Test
    void shouldLeaveAnArguedJustificationAlone() {
        assertThat(method.score(Contexts.context(Contexts.vote("a1", "approve", 0.7, ARGUED), null))).isEqualTo(MethodScore.NONE);
    }

    @Test
    void shouldFindAnAgentWhoseEmbeddedJustificationsAreIrrelevantToTheProposals() {
        AgentProfile offTopic = AgentProfile.newBuilder().setRelevance(0.12).setQualitySamples(20).build();

        assertThat(method.score(Contexts.context(Contexts.vote("a1", "approve", 0.7, ARGUED), Contexts.reputation("a1", offTopic))).reasons())
                .containsExactly(JustificationQuality.IRRELEVANT);
    }

    @Test
    void shouldFindAnAgentThatPastesItsOwnJustificationOntoOtherProposals() {
        AgentProfile recycler = AgentProfile.newBuilder().setJustifiedVotes(30).setSelfCopies(25).build();

        assertThat(method.score(Contexts.context(Contexts.vote("a1", "approve", 0.7, ARGUED), Contexts.reputation("a1", recycler))).reasons())
                .containsExactly(JustificationQuality.SELF_COPIED);
    }

    @Test
    void shouldCapTheMethodBelowExclusion() {
        AgentProfile worst = AgentProfile.newBuilder().setRelevance(0.1).setQualitySamples(20).setJustifiedVotes(30).setSelfCopies(30).build();

        MethodScore score = method.score(Contexts.context(Contexts.vote("a1", "approve", 0.7, ""), Contexts.reputation("a1", worst)));

        assertThat(score.reasons()).hasSize(3);
        assertThat(score.score()).isLessThanOrEqualTo(0.3);
    }
}
