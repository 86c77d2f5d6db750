package io.synod.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.synod.schemas.Decision;
import io.synod.schemas.Proposal;
import io.synod.schemas.Vote;
import io.synod.topics.Topic;
import io.synod.topics.Topics;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/**
 * Property: whatever bytes arrive on a topic, the value deserializer either returns a record of
 * the topic's type or throws {@link SerializationException} (which Kafka Streams routes to the
 * dead-letter topic) — never another exception, and never an allocation sized by a forged length.
 */
class WireDecodingFuzzTest {
    private static final int CASES = 20_000;
    private final Topics topics = Topics.local();

    private static Vote vote(Random random) {
        return Vote.newBuilder().setEventId("e" + random.nextInt()).setTenant("acme").setProposalId("p" + random.nextInt(100))
                .setAgentId("a" + random.nextInt(50)).setRound(random.nextBoolean() ? null : random.nextInt(5)).setChoice("approve")
                .setConfidence(random.nextDouble()).setJustification("j".repeat(random.nextInt(200))).setCastAtMs(random.nextLong()).build();
    }

    private static Proposal proposal(Random random) {
        return Proposal.newBuilder().setEventId("e" + random.nextInt()).setTenant("acme").setProposalId("p" + random.nextInt())
                .setText("t".repeat(random.nextInt(100))).setOptions(List.of("a", "b", "c")).setParticipants(List.of("x", "y"))
                .setProposedAtMs(random.nextLong()).build();
    }

    /** Valid encodings with bytes flipped, cut short, extended, or with a length prefix forged to a huge value. */
    private static byte[] mutate(byte[] valid, Random random) {
        byte[] bytes = valid.clone();
        switch (random.nextInt(5)) {
            case 0 -> {
                for (int i = 0, n = 1 + random.nextInt(4); i < n; i++) {
                    int at = 5 + random.nextInt(bytes.length - 5);
                    bytes[at] = (byte) random.nextInt(256);
                }
            }
            case 1 -> bytes = java.util.Arrays.copyOf(bytes, 5 + random.nextInt(bytes.length - 5));
            case 2 -> {
                bytes = java.util.Arrays.copyOf(bytes, bytes.length + 1 + random.nextInt(8));
            }
            case 3 -> {
                // A zig-zag varint of about a billion where a string or array length is expected.
                int at = 5 + random.nextInt(bytes.length - 5);
                byte[] huge = {(byte) 0xfe, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0x07};
                byte[] forged = new byte[bytes.length + huge.length];
                System.arraycopy(bytes, 0, forged, 0, at);
                System.arraycopy(huge, 0, forged, at, huge.length);
                System.arraycopy(bytes, at, forged, at + huge.length, bytes.length - at);
                bytes = forged;
            }
            default -> {
                bytes = new byte[random.nextInt(64)];
                random.nextBytes(bytes);
                if (bytes.length > 0 && random.nextBoolean()) {
                    bytes[0] = 0;
                }
            }
        }
        return bytes;
    }

    private <V> void fuzz(Topic<String, V> topic, java.util.function.Function<Random, V> generator, Class<V> type, long seed) {
        Random random = new Random(seed);
        int decoded = 0;
        for (int i = 0; i < CASES; i++) {
            byte[] input = mutate(topic.valueSerde().serializer().serialize(topic.name(), generator.apply(random)), random);
            try {
                Object value = topic.valueSerde().deserializer().deserialize(topic.name(), input);
                assertThat(value).isInstanceOf(type);
                decoded++;
            } catch (SerializationException expected) {
                // The only acceptable failure: Kafka Streams sends the record to the dead-letter topic.
            } catch (Throwable other) {
                throw new AssertionError("case " + i + " threw " + other + " instead of SerializationException", other);
            }
        }
        assertThat(decoded).as("some mutations still decode (a flipped character stays valid)").isPositive();
    }

    @Test
    void shouldDecodeOrRefuseEveryMutatedVote() {
        fuzz(topics.votes, WireDecodingFuzzTest::vote, Vote.class, 17L);
    }

    @Test
    void shouldDecodeOrRefuseEveryMutatedProposal() {
        fuzz(topics.proposals, WireDecodingFuzzTest::proposal, Proposal.class, 23L);
    }

    @Test
    void shouldRefuseAForgedLengthBeforeAllocatingIt() {
        byte[] valid = topics.votes.valueSerde().serializer().serialize(Topics.VOTES, vote(new Random(3)));
        // The first field (eventId) starts right after the header: replace its length by about a billion.
        byte[] forged = new byte[valid.length + 4];
        System.arraycopy(valid, 0, forged, 0, 5);
        byte[] huge = {(byte) 0xfe, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0x07};
        System.arraycopy(huge, 0, forged, 5, huge.length);
        System.arraycopy(valid, 6, forged, 10, valid.length - 6);

        assertThatThrownBy(() -> topics.votes.valueSerde().deserializer().deserialize(Topics.VOTES, forged))
                .isInstanceOf(SerializationException.class).hasRootCauseInstanceOf(org.apache.avro.SystemLimitException.class);
    }

    @Test
    void shouldRefuseARecordOfAnotherTypeOnATopic() {
        byte[] proposal = topics.proposals.valueSerde().serializer().serialize(Topics.PROPOSALS, proposal(new Random(1)));

        assertThatThrownBy(() -> topics.votes.valueSerde().deserializer().deserialize(Topics.VOTES, proposal))
                .isInstanceOf(SerializationException.class).hasMessageContaining("expected io.synod.schemas.Vote");
    }

    @Test
    void shouldRefuseAnUnknownSchemaId() {
        byte[] bytes = topics.decisions.valueSerde().serializer().serialize(Topics.DECISIONS, Decision.newBuilder().setEventId("e")
                .setTenant("t").setProposalId("p").setStatus("achieved").setSupport(1).setRound(1).setMode("weighted").setParticipants(1)
                .setDistribution(Map.of()).setThreshold(0.67).setProposedAtMs(0).setDecidedAtMs(0).build());
        ByteBuffer.wrap(bytes, 1, 4).putInt(123_456_789);

        assertThatThrownBy(() -> topics.decisions.valueSerde().deserializer().deserialize(Topics.DECISIONS, bytes))
                .isInstanceOf(SerializationException.class).hasMessageContaining("unknown schema id");
    }
}
