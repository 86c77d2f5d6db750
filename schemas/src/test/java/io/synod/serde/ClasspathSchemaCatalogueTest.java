package io.synod.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.avro.Schema;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class ClasspathSchemaCatalogueTest {

    @Test
    void shouldParseEveryShippedVersionWithoutAnIdCollision() {
        ClasspathSchemaCatalogue catalogue = ClasspathSchemaCatalogue.loadEagerly();
        for (String path : ClasspathSchemaCatalogue.historyPaths()) {
            Schema schema = ClasspathSchemaCatalogue.readSchema(path);
            assertThat(catalogue.schemaFor(ClasspathSchemaCatalogue.idOf(schema))).as(path).isEqualTo(schema);
        }
    }

    @Test
    void shouldFindAShippedVersionItHasNotWrittenItselfInAFreshCatalogue() {
        Schema first = ClasspathSchemaCatalogue.readSchema("Vote/v1.avsc");

        assertThat(ClasspathSchemaCatalogue.load().schemaFor(ClasspathSchemaCatalogue.idOf(first))).isEqualTo(first);
    }

    @Test
    void shouldStillRefuseAnIdNeitherWrittenNorShipped() {
        ClasspathSchemaCatalogue catalogue = ClasspathSchemaCatalogue.load();

        assertThatThrownBy(() -> catalogue.schemaFor(12345)).isInstanceOf(SerializationException.class).hasMessageContaining("unknown schema id 12345");
        assertThatThrownBy(() -> catalogue.schemaFor(12345)).isInstanceOf(SerializationException.class);
    }
}
