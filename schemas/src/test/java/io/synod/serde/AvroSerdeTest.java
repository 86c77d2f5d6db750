package io.synod.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.synod.schemas.Vote;
import io.synod.topics.Topics;
import java.nio.ByteBuffer;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class AvroSerdeTest {
    private final Topics topics = Topics.local();

    private static Vote vote() {
        return Vote.newBuilder().setEventId("e1").setTenant("acme").setProposalId("p1").setAgentId("a1")
                .setRound(1).setChoice("approve").setConfidence(0.8).setJustification("two sources agree")
                .setCastAtMs(42L).build();
    }

    @Test
    void shouldWriteTheConfluentWireFormat() {
        byte[] bytes = topics.votes.valueSerde().serializer().serialize(Topics.VOTES, vote());

        assertThat(bytes[0]).isEqualTo((byte) 0);
        int id = ByteBuffer.wrap(bytes, 1, 4).getInt();
        assertThat(id).isEqualTo(ClasspathSchemaCatalogue.idOf(Vote.getClassSchema()));
    }

    @Test
    void shouldRoundTripAVote() {
        var serde = topics.votes.valueSerde();
        Vote decoded = serde.deserializer().deserialize(Topics.VOTES, serde.serializer().serialize(Topics.VOTES, vote()));
        assertThat(decoded).isEqualTo(vote());
    }

    @Test
    void shouldReadDataWrittenWithAnOlderSchemaThroughItsId() throws Exception {
        // An older writer that did not have justification and signature yet.
        Schema older = new Schema.Parser().parse("""
                {"type":"record","name":"Vote","namespace":"io.synod.schemas","fields":[
                 {"name":"eventId","type":"string"},{"name":"tenant","type":"string"},
                 {"name":"proposalId","type":"string"},{"name":"agentId","type":"string"},
                 {"name":"round","type":["null","int"],"default":null},{"name":"choice","type":"string"},
                 {"name":"confidence","type":"double","default":1.0},{"name":"castAtMs","type":"long"}]}""");
        SchemaResolver resolver = ClasspathSchemaCatalogue.load();
        int id = resolver.idFor("consensus.votes-value", older);
        GenericRecord record = new GenericData.Record(older);
        record.put("eventId", "e9");
        record.put("tenant", "t");
        record.put("proposalId", "p");
        record.put("agentId", "a");
        record.put("round", 2);
        record.put("choice", "reject");
        record.put("confidence", 0.5);
        record.put("castAtMs", 7L);
        var out = new java.io.ByteArrayOutputStream();
        out.write(0);
        out.write(ByteBuffer.allocate(4).putInt(id).array());
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(older).write(record, encoder);
        encoder.flush();

        Vote decoded = new AvroSerde<>(Vote.class, "consensus.votes-value", resolver).deserialize(Topics.VOTES, out.toByteArray());

        assertThat(decoded.getChoice()).isEqualTo("reject");
        assertThat(decoded.getJustification()).isEmpty();
        assertThat(decoded.getSignature()).isNull();
    }

    @Test
    void shouldRefuseBytesWithoutTheMagicByte() {
        assertThatThrownBy(() -> topics.votes.valueSerde().deserializer().deserialize(Topics.VOTES, new byte[] {1, 2, 3, 4, 5, 6}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("magic byte");
    }

    @Test
    void shouldRefuseAnUnknownSchemaId() {
        assertThatThrownBy(() -> topics.votes.valueSerde().deserializer().deserialize(Topics.VOTES, new byte[] {0, 0, 0, 0, 7, 2}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("unknown schema id");
    }

    @Test
    void shouldRefuseARecordOfAnotherTypeOnTheTopic() {
        byte[] proposalBytes = topics.proposals.valueSerde().serializer().serialize(Topics.PROPOSALS,
                io.synod.schemas.Proposal.newBuilder().setEventId("e").setTenant("t").setProposalId("p")
                        .setOptions(java.util.List.of()).setProposedAtMs(1L).build());
        assertThatThrownBy(() -> topics.votes.valueSerde().deserializer().deserialize(Topics.VOTES, proposalBytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("expected io.synod.schemas.Vote");
    }

    @Test
    void shouldRefuseTruncatedAvro() {
        byte[] bytes = topics.votes.valueSerde().serializer().serialize(Topics.VOTES, vote());
        byte[] truncated = java.util.Arrays.copyOf(bytes, bytes.length - 5);
        assertThatThrownBy(() -> topics.votes.valueSerde().deserializer().deserialize(Topics.VOTES, truncated))
                .isInstanceOf(SerializationException.class);
    }
}
