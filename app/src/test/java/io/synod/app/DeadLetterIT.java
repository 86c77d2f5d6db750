package io.synod.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.synod.app.runtime.TopicProvisioner;
import io.synod.keys.Keys;
import io.synod.schemas.Decision;
import io.synod.schemas.Policy;
import io.synod.schemas.Proposal;
import io.synod.schemas.Vote;
import io.synod.testsupport.KafkaIO;
import io.synod.testsupport.SharedSynod;
import io.synod.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.ThreadMetadata;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Records that cannot be decoded (random bytes, an unknown schema id, truncated Avro, another
 * record type, a 3 MB blob) reach consensus.dlq through Kafka Streams' own dead-letter support,
 * with their original bytes and the error headers; no stream thread dies, and the valid records
 * around them are decided as usual.
 */
class DeadLetterIT {
    private static final String TENANT = "dlq";
    private static final List<String> AGENTS = List.of("d1", "d2", "d3");
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static SharedSynod synod;
    private static Topics topics;
    private static KafkaIO kafka;

    @BeforeAll
    static void start() throws Exception {
        synod = SharedSynod.get();
        topics = synod.topics();
        kafka = new KafkaIO(synod.kafka());
        synod.registerAndAwait(TENANT, AGENTS, Map.of());
    }

    private static Set<String> streamThreads() {
        Set<String> names = new TreeSet<>();
        for (KafkaStreams streams : synod.node().streams()) {
            assertThat(streams.state()).isEqualTo(KafkaStreams.State.RUNNING);
            streams.metadataForLocalThreads().stream().map(ThreadMetadata::threadName).forEach(names::add);
        }
        return names;
    }

    @Test
    void shouldDeadLetterUndecodableRecordsWithTheirBytesAndKeepDecidingTheValidOnes() throws Exception {
        Set<String> threadsBefore = streamThreads();
        String key = Keys.of(TENANT, "p1");
        Random random = new Random(3);
        Vote valid = Vote.newBuilder().setEventId("v").setTenant(TENANT).setProposalId("p1").setAgentId("d1").setRound(1)
                .setChoice("approve").setConfidence(0.9).setJustification("fine").setCastAtMs(System.currentTimeMillis()).build();
        byte[] vote = topics.votes.valueSerde().serializer().serialize(topics.votes.name(), valid);
        byte[] noise = new byte[200];
        random.nextBytes(noise);
        byte[] unknownSchema = vote.clone();
        unknownSchema[1] = 0x7f;
        byte[] blob = new byte[3 << 20];
        random.nextBytes(blob);
        Map<String, byte[]> garbage = new LinkedHashMap<>();
        garbage.put("random bytes", noise);
        garbage.put("unknown schema id", unknownSchema);
        garbage.put("truncated Avro", Arrays.copyOf(vote, vote.length - 7));
        garbage.put("a proposal on the votes topic", topics.proposals.valueSerde().serializer().serialize(topics.proposals.name(), proposal("p0")));
        garbage.put("three megabytes of noise", blob);
        List<Long> from = kafka.endOffsets(TopicProvisioner.DEAD_LETTER_TOPIC);

        for (byte[] bytes : garbage.values()) {
            kafka.produceRaw(topics.votes.name(), key, bytes, 16 << 20);
        }
        kafka.produceRaw(topics.proposals.name(), Keys.of(TENANT, "p2"), "{\"proposal\":\"p2\"}".getBytes(StandardCharsets.UTF_8), 1 << 20);
        // The other topics producers outside Synod write: a vote where an outcome, an arbitration or a reset belongs.
        List<String> otherInputs = List.of(topics.outcomes.name(), topics.arbitrations.name(), topics.resets.name());
        for (String topic : otherInputs) {
            kafka.produceRaw(topic, topic.equals(topics.resets.name()) ? Keys.of(TENANT, "d1") : key, vote, 1 << 20);
        }
        kafka.produce(topics.proposals, key, proposal("p1"));
        kafka.first(topics.rounds.name(), null, r -> key.equals(r.key()), WAIT);
        for (String agent : AGENTS) {
            kafka.produce(topics.votes, key, Vote.newBuilder(valid).setEventId("p1/" + agent).setAgentId(agent)
                    .setJustification(agent + " compared both filings line by line.").setCastAtMs(System.currentTimeMillis()).build());
        }

        Decision decision = KafkaIO.value(topics.decisions, kafka.first(topics.decisions.name(), null, r -> key.equals(r.key()), WAIT));
        assertThat(decision.getParticipants()).isEqualTo(3);
        List<ConsumerRecord<String, byte[]>> dead = kafka.collect(TopicProvisioner.DEAD_LETTER_TOPIC, from,
                r -> r.key() != null && r.key().startsWith(TENANT + "/"), WAIT, garbage.size() + 1 + otherInputs.size());
        assertThat(dead).hasSize(garbage.size() + 1 + otherInputs.size());
        assertThat(dead).filteredOn(r -> otherInputs.contains(header(r, "__streams.errors.topic")))
                .extracting(r -> header(r, "__streams.errors.topic")).containsExactlyInAnyOrderElementsOf(otherInputs);
        List<byte[]> votesDead = dead.stream().filter(r -> header(r, "__streams.errors.topic").equals(Topics.VOTES)).map(ConsumerRecord::value).toList();
        assertThat(votesDead).as("the original bytes, in order").containsExactlyElementsOf(garbage.values());
        for (ConsumerRecord<String, byte[]> record : dead) {
            assertThat(header(record, "__streams.errors.exception")).isEqualTo("org.apache.kafka.common.errors.SerializationException");
            assertThat(header(record, "__streams.errors.message")).isNotBlank();
            assertThat(header(record, "__streams.errors.offset")).matches("\\d+");
            assertThat(header(record, "__streams.errors.partition")).matches("\\d+");
        }
        assertThat(dead).filteredOn(r -> header(r, "__streams.errors.topic").equals(Topics.PROPOSALS)).singleElement()
                .satisfies(r -> assertThat(new String(r.value(), StandardCharsets.UTF_8)).isEqualTo("{\"proposal\":\"p2\"}"));
        assertThat(streamThreads()).as("no stream thread died and was replaced").isEqualTo(threadsBefore);
    }

    private static Proposal proposal(String id) {
        return Proposal.newBuilder().setEventId(Keys.of(TENANT, id)).setTenant(TENANT).setProposalId(id)
                .setOptions(List.of("approve", "reject")).setParticipants(AGENTS)
                .setPolicy(Policy.newBuilder().setRoundTimeoutMs(300_000L).setMode("simple_majority").build())
                .setProposedAtMs(System.currentTimeMillis()).build();
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }
}
