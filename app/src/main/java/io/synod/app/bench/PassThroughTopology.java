package io.synod.app.bench;

import io.synod.schemas.Proposal;
import io.synod.schemas.RoundOpened;
import io.synod.schemas.ScoredVote;
import io.synod.schemas.Vote;
import io.synod.topics.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The throughput ceiling: Kafka Streams doing nothing but move Synod's records along the vote
 * path, with the same serdes and partition counts, in the shape the deployment runs it. Fused
 * (decision 0046): one application reads votes and writes each as a scored vote with no findings
 * and, in the same transaction, on to the output (the detector-coordinator's one hop). Separate:
 * the first app writes the scored votes and a second reads them and writes them on, each hop its
 * own application with its own stream thread, as the detector and the coordinator then are.
 */
final class PassThroughTopology {
    static final String VOTES = "bench.ceiling.votes";
    static final String SCORED = "bench.ceiling.votes.scored";
    static final String OUT = "bench.ceiling.out";
    static final String PROPOSALS = "bench.ceiling.proposals";
    static final String ROUNDS = "bench.ceiling.rounds";
    static final List<String> TOPICS = List.of(VOTES, SCORED, OUT, PROPOSALS, ROUNDS);

    private PassThroughTopology() {
    }

    /** Creates the pass-through's topics that do not exist yet (a rerun on an external cluster finds them). */
    static void createTopics(Properties kafka, int partitions, short replication) throws Exception {
        try (Admin admin = Admin.create(kafka)) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = TOPICS.stream().filter(name -> !existing.contains(name))
                    .map(name -> new NewTopic(name, partitions, replication)).toList();
            admin.createTopics(missing).all().get();
        }
    }

    /** Waits until every pass-through app is RUNNING, at most two minutes. */
    static void awaitRunning(List<KafkaStreams> apps) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!apps.stream().allMatch(app -> app.state() == KafkaStreams.State.RUNNING)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("pass-through apps not RUNNING: " + apps.stream().map(KafkaStreams::state).toList());
            }
            Thread.sleep(50);
        }
    }

    /** votes -> scored votes and out, in one application: the fused detector-coordinator's hop. */
    static Topology fusedHop(Topics topics) {
        Topology topology = scoreHop(topics);
        topology.addSink("ceiling-out-sink", OUT, Serdes.String().serializer(), topics.votesScored.valueSerde().serializer(), "ceiling-wrap");
        return topology;
    }

    /** votes -> scored votes with suspicion 0: deserialized, wrapped, serialized, as the detector's hop. */
    static Topology scoreHop(Topics topics) {
        Topology topology = new Topology();
        topology.addSource("ceiling-votes-source", Serdes.String().deserializer(), topics.votes.valueSerde().deserializer(), VOTES);
        topology.addProcessor("ceiling-wrap", () -> new Mapped<>(PassThroughTopology::scored), "ceiling-votes-source");
        topology.addSink("ceiling-scored-sink", SCORED, Serdes.String().serializer(), topics.votesScored.valueSerde().serializer(), "ceiling-wrap");
        return topology;
    }

    /** scored votes -> out: deserialized and serialized again, as the coordinator's input hop. */
    static Topology forwardHop(Topics topics) {
        Topology topology = new Topology();
        topology.addSource("ceiling-scored-source", Serdes.String().deserializer(), topics.votesScored.valueSerde().deserializer(), SCORED);
        topology.addSink("ceiling-out-sink", OUT, Serdes.String().serializer(), topics.votesScored.valueSerde().serializer(), "ceiling-scored-source");
        return topology;
    }

    /**
     * Adds proposals -> rounds to a pass-through app: each proposal written on as its first round,
     * as the coordinator opens one, so that a generator can wait for the round before it votes
     * (decision 0048).
     */
    static Topology withRoundHop(Topology topology, Topics topics) {
        topology.addSource("ceiling-proposals-source", Serdes.String().deserializer(), topics.proposals.valueSerde().deserializer(), PROPOSALS);
        topology.addProcessor("ceiling-open-round", () -> new Mapped<>(PassThroughTopology::firstRound), "ceiling-proposals-source");
        topology.addSink("ceiling-rounds-sink", ROUNDS, Serdes.String().serializer(), topics.rounds.valueSerde().serializer(), "ceiling-open-round");
        return topology;
    }

    /** The detector's output for a vote with no findings. */
    private static ScoredVote scored(Record<String, Vote> record) {
        return ScoredVote.newBuilder().setVote(record.value()).setSuspicion(0.0).setReasons(List.of()).setScoredAtMs(record.timestamp()).build();
    }

    /** The coordinator's first round of a proposal (the generator's proposals always carry a round timeout). */
    private static RoundOpened firstRound(Record<String, Proposal> record) {
        Proposal proposal = record.value();
        return RoundOpened.newBuilder().setTenant(proposal.getTenant()).setProposalId(proposal.getProposalId()).setRound(1)
                .setText(proposal.getText()).setOptions(proposal.getOptions()).setEligible(proposal.getParticipants())
                .setPolicy(proposal.getPolicy()).setOpenedAtMs(record.timestamp())
                .setDeadlineMs(record.timestamp() + proposal.getPolicy().getRoundTimeoutMs()).build();
    }

    /** Forwards each record with a new value and nothing else: all the pass-through does. */
    private static final class Mapped<V, R> implements Processor<String, V, String, R> {
        private final Function<Record<String, V>, R> value;
        private ProcessorContext<String, R> context;

        Mapped(Function<Record<String, V>, R> value) {
            this.value = value;
        }

        @Override
        public void init(ProcessorContext<String, R> context) {
            this.context = context;
        }

        @Override
        public void process(Record<String, V> record) {
            context.forward(record.withValue(value.apply(record)));
        }
    }
}
