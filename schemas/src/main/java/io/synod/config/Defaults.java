package io.synod.config;

import java.util.Map;
import java.util.TreeMap;

/** Code defaults: the lowest layer of configuration. Every key Synod reads has a default here. */
final class Defaults {
    static final Map<String, String> VALUES;

    static {
        Map<String, String> v = new TreeMap<>();
        // Kafka connection and Streams; anything under kafka. reaches the clients.
        v.put("kafka.bootstrap.servers", "localhost:9092");
        v.put("kafka.processing.guarantee", "exactly_once_v2");
        v.put("kafka.commit.interval.ms", "100");
        v.put("schema.registry.url", "");
        v.put("topics.partitions", "3");
        v.put("topics.replication.factor", "1");
        v.put("streams.state.dir", "");
        v.put("streams.application.id.prefix", "synod");
        // Consensus policy defaults, overridden per proposal.
        v.put("consensus.threshold", "0.67");
        v.put("consensus.max.rounds", "5");
        v.put("consensus.min.participants", "3");
        v.put("consensus.round.timeout.ms", "30000");
        v.put("consensus.mode", "weighted");
        v.put("consensus.fallback", "simple_majority");
        v.put("consensus.fallback.after.rounds", "3");
        v.put("consensus.quorum", "0");
        v.put("consensus.quorum.fraction", "0");
        v.put("consensus.punctuate.interval.ms", "200");
        v.put("consensus.flag.suspicion", "0.5");
        v.put("consensus.halt.flagged.fraction", "0.4");
        v.put("consensus.arbitration.timeout.ms", "86400000");
        v.put("consensus.shared.ballots", "100");
        // Which weight and reputation policies run.
        v.put("policy", "seed");
        // Reputation (the seed document's rule).
        v.put("reputation.initial", "1.0");
        v.put("reputation.agree.delta", "0.05");
        v.put("reputation.disagree.delta", "0.02");
        v.put("reputation.flag.delta", "0.15");
        v.put("reputation.integrity.floor", "0.5");
        // Postgres mirror.
        v.put("postgres.url", "jdbc:postgresql://localhost:5432/synod");
        v.put("postgres.user", "synod");
        v.put("postgres.password", "");
        v.put("mirror.batch.size", "500");
        VALUES = Map.copyOf(v);
    }

    private Defaults() {
    }
}
