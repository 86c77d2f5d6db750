package io.synod.app.gateway;

import io.synod.app.runtime.StreamsSettings;
import io.synod.config.SynodConfig;
import io.synod.keys.Keys;
import io.synod.schemas.Decision;
import io.synod.schemas.Proposal;
import io.synod.schemas.Rejection;
import io.synod.schemas.RoundOpened;
import io.synod.sdk.ProposalStatus;
import io.synod.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** Runs {@link StatusIndexTopology} and answers where a proposal stands from its stores. */
final class StatusIndex implements AutoCloseable {
    private final KafkaStreams streams;

    StatusIndex(SynodConfig config, Topics topics, Path stateRoot) {
        Properties props = StreamsSettings.forApp(config, "gateway", stateRoot);
        // Global stores only: no changelog or repartition topic exists to name.
        props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, "false");
        streams = new KafkaStreams(StatusIndexTopology.build(topics), props);
    }

    void start(Duration timeout) throws TimeoutException, InterruptedException {
        streams.start();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("gateway status index not RUNNING after " + timeout + ": " + streams.state());
            }
            Thread.sleep(50);
        }
    }

    boolean ready() {
        return streams.state() == KafkaStreams.State.RUNNING;
    }

    ProposalStatus status(String tenant, String proposalId) {
        String key = Keys.of(tenant, proposalId);
        Proposal proposal = this.<Proposal>store(StatusIndexTopology.PROPOSALS).get(key);
        RoundOpened round = this.<RoundOpened>store(StatusIndexTopology.ROUNDS).get(key);
        Rejection rejection = this.<Rejection>store(StatusIndexTopology.REJECTIONS).get(key);
        Decision decision = this.<Decision>store(StatusIndexTopology.DECISIONS).get(key);
        return ProposalStatus.of(tenant, proposalId, proposal, round, rejection, decision);
    }

    private <V> ReadOnlyKeyValueStore<String, V> store(String name) {
        return streams.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, V>keyValueStore()));
    }

    @Override
    public void close() {
        streams.close(Duration.ofSeconds(10));
    }
}
