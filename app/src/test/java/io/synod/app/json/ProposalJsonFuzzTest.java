package io.synod.app.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.synod.coordinator.CoordinatorConfig;
import io.synod.schemas.Policy;
import io.synod.sdk.ProposalRequest;
import io.synod.testsupport.JsonFuzz;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Property: whatever body the REST gateway (or {@code synod propose --file}) is given, the proposal
 * reader either returns a proposal the coordinator will open or refuses it with a code and a
 * reason for the caller; no other exception reaches the caller as a server error.
 */
class ProposalJsonFuzzTest {
    private static final int CASES = 5_000;
    private static final Policy DEFAULTS = CoordinatorConfig.fromDefaults().defaultPolicy();
    private static final Set<String> CODES = Set.of("invalid_json", "invalid_event", "invalid_id", "invalid_options", "invalid_policy",
            "key_mismatch", "text_too_long", "invalid_value");
    private static final List<String> SAMPLES = List.of(
            "{\"type\":\"proposal\",\"proposal\":\"p42\",\"tenant\":\"acme\",\"text\":\"Is claim X supported?\","
                    + "\"options\":[\"approve\",\"reject\"],\"participants\":[\"w1\",\"w2\"],"
                    + "\"policy\":{\"threshold\":0.8,\"maxRounds\":2,\"minParticipants\":1,\"roundTimeoutMs\":5000,\"fallback\":\"plurality\","
                    + "\"mode\":\"weighted\",\"fallbackAfterRounds\":1,\"quorum\":0,\"quorumFraction\":0.5,\"requireTrusted\":false}}",
            "{\"text\":\"Ship it?\",\"options\":[\"yes\",\"no\",\"later\"]}",
            "{\"proposal\":\"p\",\"tenant\":\"t\"}");

    @Test
    void shouldReturnAnOpenableProposalOrRefuseItWithACode() {
        JsonFuzz fuzz = new JsonFuzz(42L);
        int accepted = 0;
        for (int i = 0; i < CASES; i++) {
            String body = fuzz.next(SAMPLES);
            try {
                ProposalRequest request = ProposalJson.parse(body, DEFAULTS);
                accepted++;
                assertThatCode(() -> ProposalJson.check(request, DEFAULTS)).as(abbreviate(body)).doesNotThrowAnyException();
            } catch (InvalidProposalException refused) {
                assertThat(refused.code()).as(abbreviate(body)).isIn(CODES);
                assertThat(refused.getMessage()).isNotBlank();
            } catch (Throwable other) {
                throw new AssertionError("case " + i + " threw " + other + " for " + abbreviate(body), other);
            }
        }
        assertThat(accepted).as("some mutations are still valid proposals").isPositive();
    }

    private static String abbreviate(String body) {
        return body.length() > 300 ? body.substring(0, 300) + "... (" + body.length() + " chars)" : body;
    }
}
