package io.synod.reputation;

import static org.assertj.core.api.Assertions.assertThat;

import io.synod.config.SynodConfig;
import io.synod.schemas.Reputation;
import io.synod.schemas.internal.PeerEvidence;
import io.synod.schemas.internal.PeerVote;
import io.synod.schemas.internal.ReputationSignal;
import io.synod.topics.Topics;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

class ReputationUpdaterTest {
    private final Topics topics = Topics.local();
    private final MockProcessorContext<String, Reputation> context = new MockProcessorContext<>();
    private final KeyValueStore<String, Reputation> reputations = store(ReputationUpdater.STORE, topics.serde(Reputation.class));
    private final KeyValueStore<String, PeerEvidence> peers = store(ReputationUpdater.PEERS_STORE, topics.serde(PeerEvidence.class));
    private final SynodConfig config = SynodConfig.defaults();
    private final ReputationUpdater updater = new ReputationUpdater(BayesianReputationPolicy.from(config), CollusionCheck.from(config));

    private <V> KeyValueStore<String, V> store(String name, Serde<V> serde) {
        KeyValueStore<String, V> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(), serde)
                .withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        return store;
    }

    private static Record<String, ReputationSignal> decision(String proposal) {
        ReputationSignal signal = ReputationSignal.newBuilder().setTenant("t").setAgentId("a").setKind("decision").setProposalId(proposal)
                .setAgreed(true).setChoice("approve").setDecision("approve").setPosterior(Map.of("approve", 0.9, "reject", 0.1))
                .setPeers(List.of(new PeerVote("b", true, 0.8))).setAtMs(1L).build();
        return new Record<>("t/a", signal, 1L);
    }

    @Test
    void shouldStartFromTheRestoredStoresNotFromItsCachesWhenItsTaskIsInitialisedAgain() {
        updater.init(context);
        updater.process(decision("p1"));
        Reputation committed = reputations.get("t/a");
        PeerEvidence committedPeers = peers.get("t/a");
        updater.process(decision("p2"));
        // The task fails before it commits p2; revived, it finds its stores restored to the commit after p1.
        reputations.put("t/a", committed);
        peers.put("t/a", committedPeers);
        updater.init(context);

        updater.process(decision("p2"));

        assertThat(reputations.get("t/a").getVotes()).isEqualTo(2);
        assertThat(peers.get("t/a").getPeers().get("b").getCovotes()).isEqualTo(2);
    }
}
