package io.synod.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Avro SpecificRecord serde in the Confluent wire format: magic byte 0, a 4-byte big-endian
 * schema id, then the Avro binary body. Registry-aware consumers in any language can read it.
 * Readers resolve the writer's schema by id, so records written with an older schema version
 * are read into the current class by Avro schema resolution.
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T>, Serializer<T>, Deserializer<T> {
    private static final byte MAGIC = 0;
    private static final int HEADER = 5;
    // One growable buffer and encoder per thread: serialization is on every hot path.
    private static final ThreadLocal<Buffer> BUFFERS = ThreadLocal.withInitial(Buffer::new);
    /** Largest string or byte field, and most items in one array or map, a record may hold. */
    public static final int MAX_FIELD_BYTES = 16 * 1024 * 1024;
    public static final int MAX_COLLECTION_ITEMS = 1_000_000;

    static {
        // Avro sizes its buffers by the lengths it reads; a forged length of a billion would exhaust the heap
        // and kill the stream thread. Its limits turn that into an exception (and the record into a dead letter).
        // They are read once, when Avro's SystemLimitException class loads, so they are set before any decoding.
        limit("org.apache.avro.limits.string.maxLength", MAX_FIELD_BYTES);
        limit("org.apache.avro.limits.bytes.maxLength", MAX_FIELD_BYTES);
        limit("org.apache.avro.limits.collectionItems.maxLength", MAX_COLLECTION_ITEMS);
    }

    private static void limit(String property, int value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, String.valueOf(value));
        }
    }

    private static final class Buffer {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        BinaryEncoder encoder;
    }

    private final Schema readerSchema;
    private final String subject;
    private final SchemaResolver resolver;
    private final SpecificDatumWriter<T> writer;
    private final Map<Integer, DatumReader<T>> readers = new ConcurrentHashMap<>();
    private volatile int writerId = -1;

    public AvroSerde(Class<T> type, String subject, SchemaResolver resolver) {
        this.readerSchema = SpecificData.get().getSchema(type);
        this.subject = subject;
        this.resolver = resolver;
        this.writer = new SpecificDatumWriter<>(readerSchema);
    }

    public String subject() {
        return subject;
    }

    @Override
    public byte[] serialize(String topic, T record) {
        if (record == null) {
            return null;
        }
        int id = writerId;
        if (id < 0) {
            id = resolver.idFor(subject, readerSchema);
            writerId = id;
        }
        Buffer buffer = BUFFERS.get();
        ByteArrayOutputStream out = buffer.out;
        out.reset();
        out.write(MAGIC);
        out.write(id >>> 24);
        out.write(id >>> 16);
        out.write(id >>> 8);
        out.write(id);
        try {
            buffer.encoder = EncoderFactory.get().binaryEncoder(out, buffer.encoder);
            writer.write(record, buffer.encoder);
            buffer.encoder.flush();
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("cannot serialize " + readerSchema.getName() + " for " + topic, e);
        }
        return out.toByteArray();
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (data.length < HEADER || data[0] != MAGIC) {
            throw new SerializationException("not Confluent-framed Avro on " + topic + " (expected magic byte 0)");
        }
        int id = ByteBuffer.wrap(data, 1, 4).getInt();
        DatumReader<T> reader = readers.computeIfAbsent(id, this::readerFor);
        try {
            BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(data, HEADER, data.length - HEADER, null);
            T record = reader.read(null, decoder);
            if (!decoder.isEnd()) {
                throw new SerializationException("trailing bytes after " + readerSchema.getName() + " on " + topic);
            }
            return record;
        } catch (IOException | RuntimeException e) {
            if (e instanceof SerializationException se) {
                throw se;
            }
            throw new SerializationException("cannot deserialize " + readerSchema.getName() + " (schema id " + id + ") on " + topic, e);
        }
    }

    private DatumReader<T> readerFor(int id) {
        Schema writerSchema = resolver.schemaFor(id);
        if (!writerSchema.getFullName().equals(readerSchema.getFullName())) {
            throw new SerializationException("schema id " + id + " is " + writerSchema.getFullName()
                    + ", expected " + readerSchema.getFullName());
        }
        return new SpecificDatumReader<>(writerSchema, readerSchema);
    }

    @Override
    public Serializer<T> serializer() {
        return this;
    }

    @Override
    public Deserializer<T> deserializer() {
        return this;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
    }

    @Override
    public void close() {
    }
}
