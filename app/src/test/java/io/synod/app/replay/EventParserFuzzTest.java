package io.synod.app.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.synod.keys.Keys;
import io.synod.schemas.AgentRegistration;
import io.synod.schemas.Arbitration;
import io.synod.schemas.Outcome;
import io.synod.schemas.Proposal;
import io.synod.schemas.Vote;
import io.synod.testsupport.JsonFuzz;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Property: whatever a replay line holds, the parser returns an event — valid, with a key that
 * matches its fields, or invalid with a reason — and never throws; event time never runs backwards.
 */
class EventParserFuzzTest {
    private static final int CASES = 5_000;
    private static final Set<String> REASONS = Set.of("invalid_json", "invalid_event", "unknown_type", "timestamp_out_of_range");
    private static final List<String> SAMPLES = List.of(
            "{\"type\":\"agent\",\"agent\":\"w17\",\"tenant\":\"acme\",\"kind\":\"llm\",\"active\":true,\"ts\":0}",
            "{\"type\":\"proposal\",\"proposal\":\"p42\",\"tenant\":\"acme\",\"ts\":1000,\"text\":\"Is claim X supported?\","
                    + "\"options\":[\"approve\",\"reject\"],\"participants\":[\"w1\",\"w2\"],"
                    + "\"policy\":{\"threshold\":0.67,\"maxRounds\":5,\"minParticipants\":3,\"roundTimeoutMs\":30000,\"fallback\":\"plurality\"}}",
            "{\"type\":\"vote\",\"proposal\":\"p42\",\"agent\":\"w17\",\"round\":1,\"choice\":\"approve\",\"confidence\":0.8,"
                    + "\"justification\":\"Two primary sources agree.\",\"ts\":1450,\"signature\":\"c2ln\"}",
            "{\"type\":\"outcome\",\"proposal\":\"p42\",\"truth\":\"reject\",\"ts\":90000}",
            "{\"type\":\"arbitration\",\"proposal\":\"p42\",\"decision\":\"approve\",\"by\":\"reviewer-1\",\"ts\":95000}");
    private static final Map<String, Class<?>> TYPES = Map.of("agent", AgentRegistration.class, "proposal", Proposal.class,
            "vote", Vote.class, "outcome", Outcome.class, "arbitration", Arbitration.class);

    @Test
    void shouldTurnEveryHostileLineIntoAnEventOrAReasonAndNeverRunTimeBackwards() {
        EventParser parser = new EventParser();
        JsonFuzz fuzz = new JsonFuzz(20_251_201L);
        long lastTs = Long.MIN_VALUE;
        int valid = 0;
        for (int i = 1; i <= CASES; i++) {
            String line = fuzz.next(SAMPLES);
            ReplayEvent event;
            try {
                event = parser.parse(line, i);
            } catch (Throwable e) {
                throw new AssertionError("line " + i + " threw " + e + ": " + abbreviate(line), e);
            }
            assertThat(event.tsMs()).as("event time of line %d", i).isGreaterThanOrEqualTo(lastTs);
            lastTs = event.tsMs();
            if (event.isValid()) {
                valid++;
                assertThat(event.value()).as(abbreviate(line)).isInstanceOf(TYPES.get(event.type()));
                assertThat(event.key()).as(abbreviate(line)).isEqualTo(expectedKey(event));
            } else {
                assertThat(event.reason()).as(abbreviate(line)).isIn(REASONS);
                assertThat(event.detail()).isNotBlank();
            }
        }
        assertThat(valid).as("some mutations are still valid events").isPositive();
    }

    private static String expectedKey(ReplayEvent event) {
        Object value = event.value();
        if (value instanceof AgentRegistration a) {
            return Keys.of(a.getTenant(), a.getAgentId());
        } else if (value instanceof Proposal p) {
            return Keys.of(p.getTenant(), p.getProposalId());
        } else if (value instanceof Vote v) {
            return Keys.of(v.getTenant(), v.getProposalId());
        } else if (value instanceof Outcome o) {
            return Keys.of(o.getTenant(), o.getProposalId());
        } else if (value instanceof Arbitration a) {
            return Keys.of(a.getTenant(), a.getProposalId());
        }
        throw new AssertionError("unexpected value " + value);
    }

    private static String abbreviate(String line) {
        return line.length() > 300 ? line.substring(0, 300) + "... (" + line.length() + " chars)" : line;
    }
}
