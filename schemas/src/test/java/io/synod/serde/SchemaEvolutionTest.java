package io.synod.serde;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.api.Test;

class SchemaEvolutionTest {

    private static Map<String, List<Schema>> versionsByRecord() {
        Map<String, List<Schema>> versions = new LinkedHashMap<>();
        for (String path : ClasspathSchemaCatalogue.historyPaths()) {
            Schema schema = ClasspathSchemaCatalogue.readSchema(path);
            versions.computeIfAbsent(schema.getFullName(), k -> new ArrayList<>()).add(schema);
        }
        return versions;
    }

    @Test
    void shouldKeepEveryVersionReadableByTheNextOne() {
        versionsByRecord().forEach((name, versions) -> {
            for (int i = 1; i < versions.size(); i++) {
                var result = SchemaCompatibility.checkReaderWriterCompatibility(versions.get(i), versions.get(i - 1));
                assertThat(result.getType())
                        .as("%s v%d must read data written with v%d: %s", name, i + 1, i, result.getDescription())
                        .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
            }
        });
    }

    @Test
    void shouldRecordTheCurrentSchemaOfEveryGeneratedRecordAsItsLatestVersion() throws Exception {
        Map<String, List<Schema>> versions = versionsByRecord();
        assertThat(versions).isNotEmpty();
        for (var entry : versions.entrySet()) {
            Schema current = SpecificData.get().getSchema(Class.forName(entry.getKey()));
            List<Schema> history = entry.getValue();
            Schema latest = history.get(history.size() - 1);
            assertThat(SchemaNormalization.toParsingForm(latest))
                    .as("%s changed: add it as a new version to the schema history", entry.getKey())
                    .isEqualTo(SchemaNormalization.toParsingForm(current));
            var result = SchemaCompatibility.checkReaderWriterCompatibility(current, latest);
            assertThat(result.getType()).isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        }
    }

    @Test
    void shouldCoverEveryEventOnTheWire() {
        assertThat(versionsByRecord().keySet()).contains(
                "io.synod.schemas.Proposal", "io.synod.schemas.RoundOpened", "io.synod.schemas.Vote",
                "io.synod.schemas.ScoredVote", "io.synod.schemas.Decision", "io.synod.schemas.Rejection",
                "io.synod.schemas.Reputation", "io.synod.schemas.AgentRegistration", "io.synod.schemas.Outcome",
                "io.synod.schemas.Arbitration");
    }

    @Test
    void shouldDetectAnIncompatibleChange() {
        Schema v1 = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"}]}");
        Schema addedWithoutDefault = new Schema.Parser().parse(
                "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"},{\"name\":\"b\",\"type\":\"int\"}]}");
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(addedWithoutDefault, v1).getType())
                .isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
    }
}
