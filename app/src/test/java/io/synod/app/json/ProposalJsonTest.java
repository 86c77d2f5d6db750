package io.synod.app.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.synod.coordinator.CoordinatorConfig;
import io.synod.schemas.Policy;
import io.synod.sdk.ProposalRequest;
import org.junit.jupiter.api.Test;

class ProposalJsonTest {
    private static final Policy DEFAULTS = CoordinatorConfig.fromDefaults().defaultPolicy();

    @Test
    void shouldReadTheReplayFormatsProposalLine() throws Exception {
        ProposalRequest request = ProposalJson.parse("""
                {"type":"proposal","proposal":"p42","tenant":"acme","ts":1000,"text":"Is claim X supported?",
                 "options":["approve","reject"],"participants":["w1","w2"],
                 "policy":{"threshold":0.8,"maxRounds":2,"roundTimeoutMs":5000,"fallback":"plurality"},"extra":true}
                """, DEFAULTS);

        assertThat(request.key()).isEqualTo("acme/p42");
        assertThat(request.participants()).containsExactly("w1", "w2");
        assertThat(request.policy().getThreshold()).isEqualTo(0.8);
        assertThat(request.policy().getRoundTimeoutMs()).isEqualTo(5000L);
        assertThat(request.policy().getMode()).isNull();
    }

    @Test
    void shouldDefaultTheTenantAndGenerateTheId() throws Exception {
        ProposalRequest request = ProposalJson.parse("{\"text\":\"?\"}", DEFAULTS);

        assertThat(request.tenant()).isEqualTo("default");
        assertThat(request.proposalId()).startsWith("p-");
    }

    @Test
    void shouldRefuseAFractionalRoundCountInsteadOfRoundingIt() {
        assertThatThrownBy(() -> ProposalJson.parse("{\"policy\":{\"maxRounds\":2.5}}", DEFAULTS))
                .isInstanceOf(InvalidProposalException.class).hasMessageContaining("maxRounds must be an integer");
    }

    @Test
    void shouldApplyTheCoordinatorsRulesToTheResolvedPolicy() {
        assertThatThrownBy(() -> ProposalJson.parse("{\"policy\":{\"mode\":\"dictator\"}}", DEFAULTS))
                .isInstanceOf(InvalidProposalException.class)
                .satisfies(e -> assertThat(((InvalidProposalException) e).code()).isEqualTo("invalid_policy"));
    }

    @Test
    void shouldRefuseAnOptionListedTwice() {
        assertThatThrownBy(() -> ProposalJson.parse("{\"options\":[\"a\",\"a\"]}", DEFAULTS))
                .satisfies(e -> assertThat(((InvalidProposalException) e).code()).isEqualTo("invalid_options"));
    }
}
