package io.synod.detector;

import static org.assertj.core.api.Assertions.assertThat;

import io.synod.schemas.Policy;
import io.synod.schemas.RoundOpened;
import io.synod.streams.ScanCounter;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

class ProposalRoundsTest {
    private final MockProcessorContext<String, Object> context = new MockProcessorContext<>();
    private final KeyValueStore<String, RoundOpened> rounds = store("rounds", io.synod.topics.Topics.local().serde(RoundOpened.class));
    private final KeyValueStore<String, Long> closed = store("closed", Serdes.Long());
    private final KeyValueStore<String, Long> voteIds = store("vote-ids", Serdes.Long());
    private final KeyValueStore<String, String> expiry = store("expiry", Serdes.String());
    private final ScanCounter scans = new ScanCounter();

    private <V> KeyValueStore<String, V> store(String name, Serde<V> serde) {
        KeyValueStore<String, V> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(), serde)
                .withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        return store;
    }

    private static RoundOpened round(int round) {
        return RoundOpened.newBuilder().setTenant("t").setProposalId("p1").setRound(round).setOptions(List.of("approve", "reject"))
                .setEligible(List.of("a1", "a2")).setPolicy(Policy.newBuilder().build()).setOpenedAtMs(0L).setDeadlineMs(30_000L).build();
    }

    @Test
    void shouldDeleteTheVoteIdsOfAProposalSeenOpeningWithoutAScanWhenItEnds() {
        ProposalRounds proposals = new ProposalRounds(rounds, closed, scans.wrap(voteIds), expiry, 0L);
        proposals.opened("t/p1", round(1));
        assertThat(proposals.firstUseOf("t/p1", "v1", 1L)).isTrue();
        proposals.opened("t/p1", round(2));
        assertThat(proposals.firstUseOf("t/p1", "v2", 2L)).isTrue();
        assertThat(proposals.firstUseOf("t/p1", "v1", 3L)).isFalse();

        proposals.ended("t/p1", 4L);

        assertThat(scans.scans()).isZero();
        assertThat(voteIds.approximateNumEntries()).isZero();
    }

    @Test
    void shouldScanForTheVoteIdsOfAProposalARestartedInstanceNeverSawOpen() {
        ProposalRounds before = new ProposalRounds(rounds, closed, voteIds, expiry, 0L);
        before.opened("t/p1", round(1));
        before.firstUseOf("t/p1", "v1", 1L);
        before.firstUseOf("t/p1", "v2", 1L);

        ProposalRounds after = new ProposalRounds(rounds, closed, scans.wrap(voteIds), expiry, 0L);
        after.ended("t/p1", 2L);

        assertThat(scans.scans()).isEqualTo(1);
        assertThat(voteIds.approximateNumEntries()).isZero();
    }
}
