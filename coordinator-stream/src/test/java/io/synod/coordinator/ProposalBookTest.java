package io.synod.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import io.synod.schemas.Ballot;
import io.synod.schemas.Policy;
import io.synod.schemas.Proposal;
import io.synod.schemas.internal.ProposalState;
import io.synod.streams.ScanCounter;
import io.synod.topics.Topics;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

class ProposalBookTest {
    private final Topics topics = Topics.local();
    private final MockProcessorContext<String, Object> context = new MockProcessorContext<>();
    private final KeyValueStore<String, ProposalState> proposals = store("proposals", topics.serde(ProposalState.class));
    private final KeyValueStore<String, Ballot> ballots = store("ballots", topics.serde(Ballot.class));
    private final KeyValueStore<String, String> deadlines = store("deadlines", Serdes.String());

    private <V> KeyValueStore<String, V> store(String name, org.apache.kafka.common.serialization.Serde<V> serde) {
        KeyValueStore<String, V> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(), serde)
                .withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        return store;
    }

    private static Ballot ballot(String agent, long castAtMs) {
        return Ballot.newBuilder().setAgentId(agent).setChoice("approve").setConfidence(1.0).setWeight(0.0).setSuspicion(0.0)
                .setCastAtMs(castAtMs).setJustification("").build();
    }

    @Test
    void shouldCountARoundsBallotsAgainWhenANewInstanceDoesNotRememberItsProgress() {
        ProposalBook before = new ProposalBook(proposals, ballots, deadlines);
        before.addBallot("t/p1", 2, ballot("a1", 1_300L));
        before.addBallot("t/p1", 2, ballot("a2", 1_100L));
        before.addBallot("t/p2", 2, ballot("a1", 1_200L));

        // A restarted task (or an evicted entry) starts from the stores alone.
        ProposalBook after = new ProposalBook(proposals, ballots, deadlines);

        assertThat(after.progress("t/p1", 2)).isEqualTo(new RoundProgress(2, 1_300L));
        assertThat(after.addBallot("t/p1", 2, ballot("a3", 1_250L))).isEqualTo(new RoundProgress(3, 1_300L));
        assertThat(after.progress("t/p1", 3)).isEqualTo(RoundProgress.NONE);
    }

    @Test
    void shouldStartTheNextRoundFromNoVotesOnceTheBallotsAreTaken() {
        ProposalBook book = new ProposalBook(proposals, ballots, deadlines);
        book.addBallot("t/p1", 1, ballot("a1", 1_000L));
        book.addBallot("t/p1", 1, ballot("a2", 1_050L));

        List<Ballot> taken = book.takeBallots("t/p1", 1);

        assertThat(taken).extracting(Ballot::getAgentId).containsExactly("a1", "a2");
        assertThat(book.progress("t/p1", 1)).isEqualTo(RoundProgress.NONE);
        assertThat(book.addBallot("t/p1", 2, ballot("a1", 2_000L))).isEqualTo(new RoundProgress(1, 2_000L));
    }

    private static ProposalState state(List<String> eligible) {
        Proposal proposal = Proposal.newBuilder().setEventId("e").setTenant("t").setProposalId("p1").setText("Is it so?")
                .setOptions(List.of("approve", "reject")).setParticipants(eligible).setPolicy(Policy.newBuilder().build())
                .setProposedAtMs(0L).build();
        return ProposalState.newBuilder().setProposal(proposal).setPolicy(Policy.newBuilder().build()).setStatus("open").setRound(1)
                .setEligible(eligible).setOpenedAtMs(0L).setDeadlineMs(10_000L).build();
    }

    @Test
    void shouldTakeTheBallotsOfARoundEveryEligibleAgentVotedInWithoutAScanInTheOrderAScanGives() {
        ScanCounter scans = new ScanCounter();
        ProposalBook book = new ProposalBook(proposals, scans.wrap(ballots), deadlines);
        // Java's String order and the stores' byte order disagree past the basic plane: the scan's order is kept.
        List<String> eligible = List.of("z", "\uFF21", "a", "\uD83D\uDE00");
        book.put("t/p1", state(eligible));
        book.opened("t/p1", 1);
        eligible.forEach(agent -> book.addBallot("t/p1", 1, ballot(agent, 1_000L)));

        List<Ballot> taken = book.takeBallots("t/p1", 1);

        assertThat(scans.scans()).isZero();
        assertThat(taken).extracting(Ballot::getAgentId).containsExactly("a", "z", "\uFF21", "\uD83D\uDE00");
        assertThat(book.progress("t/p1", 1)).isEqualTo(RoundProgress.NONE);
        assertThat(scans.scans()).isEqualTo(1);
    }

    @Test
    void shouldScanForTheBallotsOfARoundSomeEligibleAgentsDidNotVoteIn() {
        ScanCounter scans = new ScanCounter();
        ProposalBook book = new ProposalBook(proposals, scans.wrap(ballots), deadlines);
        book.put("t/p1", state(List.of("a", "b", "c")));
        book.opened("t/p1", 1);
        book.addBallot("t/p1", 1, ballot("c", 1_000L));
        book.addBallot("t/p1", 1, ballot("a", 1_100L));

        List<Ballot> taken = book.takeBallots("t/p1", 1);

        assertThat(scans.scans()).isEqualTo(1);
        assertThat(taken).extracting(Ballot::getAgentId).containsExactly("a", "c");
    }
}
