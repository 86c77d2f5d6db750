package io.synod.app.demo;

import io.synod.schemas.RoundOpened;
import io.synod.schemas.Vote;
import io.synod.topics.Topics;
import io.synod.tracing.StageTracer;
import io.synod.tracing.TraceHeaders;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.WakeupException;

/**
 * The demo's agents, acting like real ones: they read consensus.rounds with a Kafka consumer and
 * publish their votes to consensus.votes with a Kafka producer. Remembers when each proposal's
 * last vote was sent, to measure last-vote-to-decision latency.
 */
final class SimulatedAgents implements Runnable, AutoCloseable {
    private final Topics topics;
    private final List<SimAgent> population;
    private final Map<String, String> truths;
    private final Map<String, Long> lastVoteNanos = new ConcurrentHashMap<>();
    private final KafkaConsumer<String, RoundOpened> consumer;
    private final KafkaProducer<String, Vote> producer;
    private final Random random;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final StageTracer tracer;

    SimulatedAgents(Topics topics, Properties kafka, List<SimAgent> population, Map<String, String> truths, long seed, StageTracer tracer) {
        this.tracer = tracer;
        this.topics = topics;
        this.population = population;
        this.truths = truths;
        this.random = new Random(seed);
        Properties consumerProps = new Properties();
        consumerProps.putAll(kafka);
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, "synod-demo-agents");
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumer = new KafkaConsumer<>(consumerProps, topics.rounds.keySerde().deserializer(), topics.rounds.valueSerde().deserializer());
        Properties producerProps = new Properties();
        producerProps.putAll(kafka);
        producerProps.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        producer = new KafkaProducer<>(producerProps, topics.votes.keySerde().serializer(), topics.votes.valueSerde().serializer());
    }

    Long lastVoteNanos(String proposalId) {
        return lastVoteNanos.get(proposalId);
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(topics.rounds.name()));
            while (running.get()) {
                for (ConsumerRecord<String, RoundOpened> record : consumer.poll(Duration.ofMillis(100))) {
                    voteOn(record.key(), record.value(), TraceHeaders.traceparent(record.headers()));
                }
            }
        } catch (WakeupException e) {
            if (running.get()) {
                throw e;
            }
        } finally {
            consumer.close(Duration.ofSeconds(2));
            producer.close(Duration.ofSeconds(2));
        }
    }

    /** Each agent votes in a span of the round's trace, as an instrumented agent would. */
    private void voteOn(String key, RoundOpened round, String roundTraceparent) {
        String truth = truths.get(round.getProposalId());
        if (truth == null) {
            return;
        }
        for (SimAgent agent : population) {
            if (!round.getEligible().contains(agent.id())) {
                continue;
            }
            SimAgent.Choice choice = agent.vote(round.getOptions(), truth, random);
            long now = System.currentTimeMillis();
            Vote vote = Vote.newBuilder()
                    .setEventId(round.getProposalId() + "/" + round.getRound() + "/" + agent.id())
                    .setTenant(round.getTenant()).setProposalId(round.getProposalId()).setAgentId(agent.id())
                    .setRound(round.getRound()).setChoice(choice.option()).setConfidence(choice.confidence())
                    .setJustification(choice.justification()).setCastAtMs(now).build();
            try (StageTracer.Stage span = tracer.continueTrace("agent.vote", roundTraceparent)) {
                span.attribute("synod.agent", agent.id()).attribute("synod.round", String.valueOf(round.getRound()));
                producer.send(new ProducerRecord<>(topics.votes.name(), null, now, key, vote, TraceContext.headers(span.traceparent())));
            }
            lastVoteNanos.put(round.getProposalId(), System.nanoTime());
        }
        producer.flush();
    }

    @Override
    public void close() {
        running.set(false);
        consumer.wakeup();
    }
}
