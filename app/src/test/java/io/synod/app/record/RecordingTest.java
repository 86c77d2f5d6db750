package io.synod.app.record;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.synod.schemas.AgentRegistration;
import io.synod.schemas.Outcome;
import io.synod.schemas.Proposal;
import io.synod.schemas.Vote;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordingTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static AgentRegistration agent(String tenant, String id, boolean active, long at) {
        return AgentRegistration.newBuilder().setTenant(tenant).setAgentId(id).setKind("llm").setActive(active).setTrusted(false)
                .setUpdatedAtMs(at).build();
    }

    private static Proposal proposal(String tenant, String id, long at) {
        return Proposal.newBuilder().setEventId(tenant + "/" + id).setTenant(tenant).setProposalId(id).setText("?").setOptions(List.of())
                .setProposedAtMs(at).build();
    }

    private static Vote vote(String tenant, String proposal, String agent, long at) {
        return Vote.newBuilder().setEventId(tenant + "/" + proposal + "/" + agent).setTenant(tenant).setProposalId(proposal)
                .setAgentId(agent).setChoice("approve").setConfidence(1.0).setJustification("").setCastAtMs(at).build();
    }

    /** Each line as "ts type what": an agent with + or - for active, a vote as proposal/agent, else the proposal. */
    private static List<String> summary(Recording recording) throws Exception {
        List<String> out = new ArrayList<>();
        for (String line : recording.lines()) {
            JsonNode node = JSON.readTree(line);
            String type = node.get("type").asText();
            String what = switch (type) {
                case "agent" -> node.get("agent").asText() + (node.get("active").asBoolean() ? "+" : "-");
                case "vote" -> node.get("proposal").asText() + "/" + node.get("agent").asText();
                default -> node.get("proposal").asText();
            };
            out.add(node.get("ts").asLong() + " " + type + " " + what);
        }
        return out;
    }

    @Test
    void shouldOrderEventsByTheirOwnTimeWithProposalsBeforeVotesOfTheSameMillisecond() throws Exception {
        Recording recording = new Recording(null);
        recording.vote(vote("t", "p1", "w1", 20));
        recording.vote(vote("t", "p1", "w2", 10));
        recording.proposal(proposal("t", "p1", 10));
        recording.registration("t/w1", agent("t", "w1", true, 1));
        recording.registration("t/w2", agent("t", "w2", true, 2));

        assertThat(summary(recording)).containsExactly("1 agent w1+", "2 agent w2+", "10 proposal p1", "10 vote p1/w2", "20 vote p1/w1");
    }

    @Test
    void shouldPlaceAnAgentChangedAfterItVotedAtTheStartAndRemoveAnAgentWhenItWasRemoved() throws Exception {
        Recording recording = new Recording(null);
        recording.proposal(proposal("t", "p1", 100));
        recording.vote(vote("t", "p1", "renamed", 110));
        recording.vote(vote("t", "p1", "leaver", 120));
        recording.registration("t/renamed", agent("t", "renamed", true, 50));
        recording.registration("t/renamed", agent("t", "renamed", true, 500));
        recording.registration("t/leaver", agent("t", "leaver", false, 300));
        recording.registration("t/late", agent("t", "late", true, 400));

        assertThat(summary(recording)).containsExactly("100 agent renamed+", "100 agent leaver+", "100 proposal p1", "110 vote p1/renamed",
                "120 vote p1/leaver", "300 agent leaver-", "400 agent late+");
    }

    @Test
    void shouldNameTheProposalsItsEventsBelongToWhoseProposalItDidNotRecord() {
        Recording recording = new Recording("t");
        recording.proposal(proposal("t", "opened", 100));
        recording.vote(vote("t", "opened", "w1", 110));
        recording.vote(vote("t", "earlier", "w1", 120));
        recording.outcome(Outcome.newBuilder().setTenant("t").setProposalId("older").setTruth("approve")
                .setObservedAtMs(130).build());
        recording.vote(vote("other", "elsewhere", "w1", 140));

        assertThat(recording.openedBefore()).containsExactlyInAnyOrder("t/earlier", "t/older");
    }

    @Test
    void shouldEstimateItsMemoryFromTheLinesItHolds() {
        Recording recording = new Recording(null);
        assertThat(recording.estimatedBytes()).isZero();
        for (int i = 0; i < 100; i++) {
            recording.vote(vote("t", "p1", "w" + i, i));
        }

        long characters = recording.lines().stream().mapToLong(String::length).sum();
        assertThat(recording.estimatedBytes()).isBetween(characters + 100 * 40L, characters + 100 * 120L);
    }

    @Test
    void shouldLeaveOutDeletedRegistrationsAndOtherTenantsEvents() throws Exception {
        Recording recording = new Recording("t");
        recording.registration("t/gone", agent("t", "gone", true, 1));
        recording.registration("t/gone", null);
        recording.registration("u/w1", agent("u", "w1", true, 1));
        recording.proposal(proposal("u", "p1", 5));
        recording.proposal(proposal("t", "p2", 6));
        recording.outcome(Outcome.newBuilder().setTenant("u").setProposalId("p1").setTruth("approve").setObservedAtMs(9).build());

        assertThat(summary(recording)).containsExactly("6 proposal p2");
        assertThat(recording.counts().total()).isEqualTo(1);
    }
}
