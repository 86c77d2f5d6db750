package io.synod.serde;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Schema ids without a registry process: an id is the low 31 bits of the schema's CRC-64-AVRO
 * parsing fingerprint, so every process derives the same id for the same schema with no
 * coordination. Every version in the classpath history is known, so old data stays readable.
 */
public final class ClasspathSchemaCatalogue implements SchemaResolver {
    static final String HISTORY_INDEX = "/io/synod/schemas/history/index.txt";

    private final Map<Integer, Schema> byId = new ConcurrentHashMap<>();
    private volatile boolean historyLoaded;

    private ClasspathSchemaCatalogue() {
    }

    /**
     * The catalogue; the classpath history is parsed when an id is first asked for that this
     * process has not itself written. A process reading only what it writes (replay, a test) never
     * needs it, and parsing some thirty schema files was a tenth of a short replay's startup.
     */
    public static ClasspathSchemaCatalogue load() {
        return new ClasspathSchemaCatalogue();
    }

    /** Parses every shipped version now, failing on an id collision: for checks at build time. */
    public static ClasspathSchemaCatalogue loadEagerly() {
        ClasspathSchemaCatalogue catalogue = new ClasspathSchemaCatalogue();
        catalogue.loadHistory();
        return catalogue;
    }

    private synchronized void loadHistory() {
        if (historyLoaded) {
            return;
        }
        for (String path : historyPaths()) {
            add(readSchema(path));
        }
        historyLoaded = true;
    }

    public static int idOf(Schema schema) {
        return (int) (SchemaNormalization.parsingFingerprint64(schema) & 0x7fffffffL);
    }

    /** Paths (relative to the history folder) of every schema version shipped on the classpath. */
    public static List<String> historyPaths() {
        try (InputStream in = ClasspathSchemaCatalogue.class.getResourceAsStream(HISTORY_INDEX)) {
            if (in == null) {
                throw new IllegalStateException("schema history index missing: " + HISTORY_INDEX);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Schema readSchema(String historyPath) {
        String resource = HISTORY_INDEX.substring(0, HISTORY_INDEX.lastIndexOf('/') + 1) + historyPath;
        try (InputStream in = ClasspathSchemaCatalogue.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("schema listed in the history index is missing: " + resource);
            }
            return new Schema.Parser().parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private int add(Schema schema) {
        int id = idOf(schema);
        Schema previous = byId.putIfAbsent(id, schema);
        if (previous != null && !SchemaNormalization.toParsingForm(previous).equals(SchemaNormalization.toParsingForm(schema))) {
            throw new IllegalStateException("schema id collision on " + id + ": " + previous.getFullName() + " and " + schema.getFullName());
        }
        return id;
    }

    @Override
    public int idFor(String subject, Schema schema) {
        return add(schema);
    }

    @Override
    public Schema schemaFor(int id) {
        Schema schema = byId.get(id);
        if (schema == null && !historyLoaded) {
            loadHistory();
            schema = byId.get(id);
        }
        if (schema == null) {
            throw new SerializationException("unknown schema id " + id + " (not in the classpath catalogue)");
        }
        return schema;
    }
}
