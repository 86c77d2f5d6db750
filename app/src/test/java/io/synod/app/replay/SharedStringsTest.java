package io.synod.app.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.synod.schemas.Proposal;
import io.synod.schemas.Vote;
import org.junit.jupiter.api.Test;

class SharedStringsTest {
    @Test
    void shouldGiveEveryEqualValueTheFirstInstance() {
        SharedStrings shared = new SharedStrings();
        String first = new String("agent-17");
        String second = new String("agent-17");

        assertThat(shared.of(first)).isSameAs(first);
        assertThat(shared.of(second)).isSameAs(first);
        assertThat(shared.of(null)).isNull();
    }

    @Test
    void shouldPassNewValuesThroughOnceItHoldsItsLimit() {
        SharedStrings shared = new SharedStrings(2);
        String a = new String("a");
        String b = new String("b");
        shared.of(a);
        shared.of(b);
        String c = new String("c");
        String laterC = new String("c");

        assertThat(shared.of(c)).isSameAs(c);
        assertThat(shared.of(laterC)).isSameAs(laterC);
        assertThat(shared.of(new String("a"))).isSameAs(a);
    }

    @Test
    void shouldParseAnAgentsIdAndChoiceIntoOneInstanceAcrossLines() {
        EventParser parser = new EventParser();
        Proposal proposal = (Proposal) parser.parse("{\"type\":\"proposal\",\"proposal\":\"p1\",\"ts\":1,"
                + "\"options\":[\"approve\",\"reject\"],\"participants\":[\"w1\",\"w2\"]}", 1).value();
        Vote first = (Vote) parser.parse("{\"type\":\"vote\",\"proposal\":\"p1\",\"agent\":\"w1\",\"choice\":\"approve\",\"ts\":2}", 2).value();
        Vote second = (Vote) parser.parse("{\"type\":\"vote\",\"proposal\":\"p2\",\"agent\":\"w1\",\"choice\":\"approve\",\"ts\":3}", 3).value();

        assertThat(second.getAgentId()).isEqualTo("w1").isSameAs(first.getAgentId()).isSameAs(proposal.getParticipants().get(0));
        assertThat(second.getChoice()).isEqualTo("approve").isSameAs(first.getChoice()).isSameAs(proposal.getOptions().get(0));
    }
}
