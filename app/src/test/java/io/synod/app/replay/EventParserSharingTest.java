package io.synod.app.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.synod.schemas.Proposal;
import io.synod.schemas.Vote;
import org.junit.jupiter.api.Test;

class EventParserSharingTest {
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
