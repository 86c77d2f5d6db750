package io.synod.app.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.synod.schemas.AgentRegistration;
import io.synod.schemas.Proposal;
import io.synod.schemas.Vote;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A field of the wrong JSON type is refused with its name, not read as absent or guessed at. */
class EventParserTypesTest {

    @ParameterizedTest
    @ValueSource(strings = {"\"soon\"", "\"14.5\"", "\"\"", "true", "[1450]", "{}"})
    void shouldRefuseATimestampThatIsNotANumberAndLeaveEventTimeWhereItWas(String ts) {
        EventParser parser = new EventParser();
        assertThat(parser.parse("{\"type\":\"agent\",\"agent\":\"w1\",\"ts\":1000}", 1).isValid()).isTrue();

        ReplayEvent event = parser.parse("{\"type\":\"vote\",\"proposal\":\"p1\",\"agent\":\"w1\",\"choice\":\"approve\",\"ts\":" + ts + "}", 2);

        assertThat(event.isValid()).isFalse();
        assertThat(event.reason()).isEqualTo("invalid_event");
        assertThat(event.detail()).contains("line 2").contains("ts must be a number");
        assertThat(event.tsMs()).isEqualTo(1000);
    }

    @Test
    void shouldReadATimestampWrittenAsAWholeNumberInQuotes() {
        ReplayEvent event = new EventParser().parse("{\"type\":\"agent\",\"agent\":\"w1\",\"ts\":\"1450\"}", 1);

        assertThat(event.isValid()).isTrue();
        assertThat(event.tsMs()).isEqualTo(1450);
        assertThat(((AgentRegistration) event.value()).getUpdatedAtMs()).isEqualTo(1450);
    }

    @Test
    void shouldStillTakeAMissingOrNullTimestampAsTheLastEventTime() {
        EventParser parser = new EventParser();
        parser.parse("{\"type\":\"agent\",\"agent\":\"w1\",\"ts\":1000}", 1);

        assertThat(parser.parse("{\"type\":\"agent\",\"agent\":\"w2\"}", 2).tsMs()).isEqualTo(1000);
        assertThat(parser.parse("{\"type\":\"agent\",\"agent\":\"w3\",\"ts\":null}", 3).tsMs()).isEqualTo(1000);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.5", "\"1\"", "true"})
    void shouldRefuseARoundThatIsNotAWholeNumber(String round) {
        ReplayEvent event = new EventParser().parse(
                "{\"type\":\"vote\",\"proposal\":\"p1\",\"agent\":\"w1\",\"choice\":\"approve\",\"round\":" + round + ",\"ts\":1}", 1);

        assertThat(event.isValid()).isFalse();
        assertThat(event.detail()).contains("round must be an integer");
    }

    @Test
    void shouldReadARoundWrittenAsAWholeFloatingPointNumber() {
        ReplayEvent event = new EventParser().parse(
                "{\"type\":\"vote\",\"proposal\":\"p1\",\"agent\":\"w1\",\"choice\":\"approve\",\"round\":2.0,\"ts\":1}", 1);

        assertThat(((Vote) event.value()).getRound()).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"no\"", "\"FALSE\"", "0", "[]"})
    void shouldRefuseAnActiveFlagThatIsNotABoolean(String active) {
        ReplayEvent event = new EventParser().parse("{\"type\":\"agent\",\"agent\":\"w1\",\"active\":" + active + ",\"ts\":1}", 1);

        assertThat(event.isValid()).isFalse();
        assertThat(event.reason()).isEqualTo("invalid_event");
        assertThat(event.detail()).contains("active must be true or false");
    }

    @Test
    void shouldReadActiveAndTrustedFlagsWithTheirDefaults() {
        EventParser parser = new EventParser();
        AgentRegistration absent = (AgentRegistration) parser.parse("{\"type\":\"agent\",\"agent\":\"w1\",\"ts\":1}", 1).value();
        AgentRegistration given = (AgentRegistration) parser.parse(
                "{\"type\":\"agent\",\"agent\":\"w1\",\"active\":false,\"trusted\":true,\"ts\":2}", 2).value();

        assertThat(absent.getActive()).isTrue();
        assertThat(absent.getTrusted()).isFalse();
        assertThat(given.getActive()).isFalse();
        assertThat(given.getTrusted()).isTrue();
        AgentRegistration quoted = (AgentRegistration) parser.parse("{\"type\":\"agent\",\"agent\":\"w1\",\"active\":\"false\",\"ts\":3}", 3).value();
        assertThat(quoted.getActive()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"options\":[\"approve\",{}]", "\"options\":[\"approve\",null]", "\"options\":[\"approve\",true]",
            "\"participants\":[[\"w1\"]]"})
    void shouldRefuseOptionsOrParticipantsThatAreNotStrings(String field) {
        ReplayEvent event = new EventParser().parse("{\"type\":\"proposal\",\"proposal\":\"p1\"," + field + ",\"ts\":1}", 1);

        assertThat(event.isValid()).isFalse();
        assertThat(event.detail()).contains("must be an array of strings");
    }

    @Test
    void shouldReadNumericOptionsAsTheirTextLikeANumericChoice() {
        EventParser parser = new EventParser();
        Proposal proposal = (Proposal) parser.parse("{\"type\":\"proposal\",\"proposal\":\"p1\",\"options\":[0,1,2],\"ts\":1}", 1).value();
        Vote vote = (Vote) parser.parse("{\"type\":\"vote\",\"proposal\":\"p1\",\"agent\":\"w1\",\"choice\":2,\"ts\":2}", 2).value();

        assertThat(proposal.getOptions()).containsExactly("0", "1", "2");
        assertThat(proposal.getOptions()).contains(vote.getChoice());
    }

    @Test
    void shouldRefuseAFractionalPolicyCountInsteadOfRoundingIt() {
        EventParser parser = new EventParser();
        ReplayEvent fractional = parser.parse("{\"type\":\"proposal\",\"proposal\":\"p1\",\"policy\":{\"maxRounds\":2.7},\"ts\":1}", 1);
        ReplayEvent whole = parser.parse("{\"type\":\"proposal\",\"proposal\":\"p2\",\"policy\":{\"maxRounds\":3.0},\"ts\":1}", 2);

        assertThat(fractional.isValid()).isFalse();
        assertThat(fractional.detail()).contains("policy.maxRounds must be an integer");
        assertThat(((Proposal) whole.value()).getPolicy().getMaxRounds()).isEqualTo(3);
    }
}
