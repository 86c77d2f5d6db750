package io.synod.sdk;

import io.synod.events.VoteSignatures;
import io.synod.keys.Keys;
import io.synod.schemas.RoundOpened;
import io.synod.schemas.Vote;
import io.synod.topics.Topics;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one agent: consumes consensus.rounds in the agent's own consumer group, asks the
 * {@link SynodAgent} for a vote in every round it is eligible in and whose deadline has not
 * passed, signs the vote with the agent's Ed25519 key when one is given, and produces it to
 * consensus.votes. Offsets are committed after the batch's votes are acknowledged, so a restarted
 * runner re-reads at most that batch; a vote's event id is its tenant, proposal, round and agent,
 * so such a re-sent vote is refused by the detector instead of counting twice.
 */
public final class AgentRunner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AgentRunner.class);
    private static final int REMEMBERED_ROUNDS = 10_000;

    private final String tenant;
    private final String agentId;
    private final SynodAgent agent;
    private final VoteSignatures.Signer signer;
    private final Topics topics;
    private final KafkaConsumer<String, byte[]> consumer;
    private final KafkaProducer<String, Vote> producer;
    private final Map<String, Boolean> answered = new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED_ROUNDS;
        }
    };
    private final AtomicLong votes = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private Thread thread;
    private volatile boolean running = true;

    private AgentRunner(Builder builder) {
        this.tenant = builder.tenant;
        this.agentId = builder.agentId;
        this.agent = builder.agent;
        this.signer = builder.signingKey == null ? null : VoteSignatures.signer(builder.signingKey);
        this.topics = builder.topics;
        String group = builder.groupId != null ? builder.groupId : "synod-agent-" + tenant + "-" + agentId;
        consumer = new KafkaConsumer<>(ClientProperties.groupReader(builder.kafka, group, "earliest"), new StringDeserializer(),
                new ByteArrayDeserializer());
        producer = new KafkaProducer<>(ClientProperties.writer(builder.kafka), topics.votes.keySerde().serializer(),
                topics.votes.valueSerde().serializer());
    }

    public static Builder builder(String tenant, String agentId, SynodAgent agent) {
        return new Builder(tenant, agentId, agent);
    }

    /** Starts voting on a thread of its own. */
    public AgentRunner start() {
        thread = new Thread(this::run, "synod-agent-" + agentId);
        thread.start();
        return this;
    }

    /** Votes on the calling thread until {@link #close()} is called from another one. */
    public void run() {
        try {
            consumer.subscribe(List.of(topics.rounds.name()));
            while (running) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(100));
                int sent = 0;
                for (ConsumerRecord<String, byte[]> record : records) {
                    sent += onRound(record) ? 1 : 0;
                }
                if (!records.isEmpty()) {
                    if (sent > 0) {
                        producer.flush();
                    }
                    consumer.commitSync();
                }
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } finally {
            consumer.close(Duration.ofSeconds(2));
            producer.close(Duration.ofSeconds(2));
        }
    }

    private boolean onRound(ConsumerRecord<String, byte[]> record) {
        if (record.key() == null || record.value() == null || !tenant.equals(Keys.tenantOf(record.key()))) {
            return false;
        }
        RoundOpened round;
        try {
            round = topics.rounds.valueSerde().deserializer().deserialize(record.topic(), record.value());
        } catch (SerializationException e) {
            LOG.warn("skipping an unreadable round at {}-{}@{}", record.topic(), record.partition(), record.offset(), e);
            return false;
        }
        String roundKey = round.getProposalId() + "\u0000" + round.getRound();
        if (!round.getEligible().contains(agentId) || System.currentTimeMillis() > round.getDeadlineMs()
                || answered.put(roundKey, Boolean.TRUE) != null) {
            return false;
        }
        AgentVote answer;
        try {
            answer = agent.vote(round);
        } catch (Exception e) {
            failures.incrementAndGet();
            LOG.error("agent {} failed on round {} of {}; not voting", agentId, round.getRound(), round.getProposalId(), e);
            return false;
        }
        if (answer == null) {
            return false;
        }
        producer.send(new ProducerRecord<>(topics.votes.name(), record.key(), vote(round, answer)), (metadata, error) -> {
            if (error != null) {
                failures.incrementAndGet();
                LOG.error("vote of {} on {} not written", agentId, round.getProposalId(), error);
            }
        });
        votes.incrementAndGet();
        return true;
    }

    private Vote vote(RoundOpened round, AgentVote answer) {
        Vote vote = Vote.newBuilder()
                .setEventId(String.join("/", round.getTenant(), round.getProposalId(), Integer.toString(round.getRound()), agentId))
                .setTenant(round.getTenant()).setProposalId(round.getProposalId()).setAgentId(agentId)
                .setRound(round.getRound()).setChoice(answer.choice()).setConfidence(answer.confidence())
                .setJustification(answer.justification()).setCastAtMs(System.currentTimeMillis()).build();
        return signer == null ? vote : signer.sign(vote);
    }

    /** Votes produced so far. */
    public long votesCast() {
        return votes.get();
    }

    /** Rounds the agent threw on, and votes the broker did not take. */
    public long failures() {
        return failures.get();
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        if (thread != null && Thread.currentThread() != thread) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public static final class Builder {
        private final String tenant;
        private final String agentId;
        private final SynodAgent agent;
        private Properties kafka = new Properties();
        private Topics topics;
        private PrivateKey signingKey;
        private String groupId;

        private Builder(String tenant, String agentId, SynodAgent agent) {
            this.tenant = Objects.requireNonNull(tenant, "tenant");
            this.agentId = Objects.requireNonNull(agentId, "agentId");
            this.agent = Objects.requireNonNull(agent, "agent");
        }

        /** Kafka client properties, at least bootstrap.servers. */
        public Builder kafka(Properties kafka) {
            this.kafka = new Properties();
            this.kafka.putAll(kafka);
            return this;
        }

        public Builder topics(Topics topics) {
            this.topics = topics;
            return this;
        }

        /** The agent's Ed25519 private key; required when the agent is registered with a public key. */
        public Builder signingKey(PrivateKey signingKey) {
            this.signingKey = signingKey;
            return this;
        }

        /** The consumer group (default {@code synod-agent-TENANT-AGENT}); each agent needs its own. */
        public Builder groupId(String groupId) {
            this.groupId = groupId;
            return this;
        }

        public AgentRunner build() {
            if (topics == null) {
                topics = Topics.local();
            }
            return new AgentRunner(this);
        }
    }
}
